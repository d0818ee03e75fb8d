import { DomainException } from '../../core/http/domain-exception.js';

export type NoteErrorCode = 'note_edit_denied';

const NOTE_ERROR_STATUS: Record<NoteErrorCode, number> = {
  note_edit_denied: 403,
};

export class NoteException extends DomainException<NoteErrorCode> {
  get status(): number {
    return NOTE_ERROR_STATUS[this.code];
  }

  /** The note is visible to the actor, so a 404 would be a lie; they just may not change it. */
  static editDenied(): NoteException {
    return new NoteException(
      'note_edit_denied',
      "Only the author, or someone who may edit the record it belongs to, may change or delete someone else's note.",
    );
  }
}
