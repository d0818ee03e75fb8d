import { DomainException } from '../../core/http/domain-exception.js';

export type ImportErrorCode = 'import_not_draft' | 'not_multipart' | 'file_unreadable';

const IMPORT_ERROR_STATUS: Record<ImportErrorCode, number> = {
  import_not_draft: 409,
  not_multipart: 415,
  file_unreadable: 400,
};

export class ImportException extends DomainException<ImportErrorCode> {
  get status(): number {
    return IMPORT_ERROR_STATUS[this.code];
  }

  static notDraft(status: string): ImportException {
    return new ImportException('import_not_draft', `The import is ${status}; only a draft can be changed or started.`);
  }
}
