import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuditSnapshot, AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { paginate, type SortTerm } from '../../core/list/cursor-list.js';
import { assertWithinReach, type ClientRecordKind, isWithinReach } from '../../core/records/record-reach.js';
import { type CreateNoteDto, type ListNotesQueryDto, type NoteDto, type NotePageDto, toNoteDto, type UpdateNoteDto } from './dto/note.dto.js';
import { Note } from './note.entity.js';
import { NoteException } from './notes.errors.js';

const NEWEST_FIRST: SortTerm<Note>[] = [
  { name: 'createdAt', descending: true, field: { column: 'n.createdAt', cast: 'timestamptz', value: (row) => row.createdAt.toISOString() } },
];

function snapshot(note: Note): AuditSnapshot {
  return { entity: note.entity, entityId: note.entityId, body: note.body, authorId: note.authorId };
}

/**
 * Notes on contacts, companies and deals. Who may do what, on top of the route's role check:
 * - read the notes of a record: whoever may read the record;
 * - add a note: a role that may update records of that kind at some level (so read-only roles such as analyst get
 *   403), on any record it may read. A note comments on a record without changing its data, so an operator, who
 *   reads every client but updates only their own, can still write down what a caller said;
 * - edit or delete a note: its author while the record is readable; anyone else needs update access to the record.
 * A record out of reach, trashed or missing answers 404, and so do its notes.
 */
@Injectable()
export class NotesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async listNotes(actor: Actor, kind: ClientRecordKind, recordId: string, query: ListNotesQueryDto): Promise<NotePageDto> {
    await assertWithinReach(this.dataSource.manager, actor, kind, recordId, 'read');
    const notes = this.dataSource
      .getRepository(Note)
      .createQueryBuilder('n')
      .where('n.entity = :kind AND n.entityId = :recordId AND n.deletedAt IS NULL', { kind, recordId });
    const page = await paginate(notes, {
      sort: NEWEST_FIRST,
      tieBreaker: { column: 'n.id', cast: 'uuid', value: (row) => row.id },
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toNoteDto), nextCursor: page.nextCursor };
  }

  async createNote(actor: Actor, kind: ClientRecordKind, recordId: string, dto: CreateNoteDto): Promise<NoteDto> {
    return this.dataSource.transaction(async (manager) => {
      await assertWithinReach(manager, actor, kind, recordId, 'read', { lock: true });
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(Note)
        .values({ entity: kind, entityId: recordId, body: dto.body, authorId: actor.userId })
        .returning('id')
        .execute();
      const note = await manager.getRepository(Note).findOneByOrFail({ id: (result.raw as { id: string }[])[0]!.id });
      await this.audit.record(manager, actor, 'note', note.id, 'create', {}, snapshot(note));
      return toNoteDto(note);
    });
  }

  async updateNote(actor: Actor, id: string, dto: UpdateNoteDto, ifMatch?: number): Promise<NoteDto> {
    const expectedVersion = dto.version ?? ifMatch;
    if (expectedVersion === undefined) throw RecordException.versionRequired();
    return this.dataSource.transaction(async (manager) => {
      const before = await this.lockForChange(manager, actor, id, expectedVersion);
      return toNoteDto(await this.write(manager, actor, before, 'update', { body: dto.body }));
    });
  }

  async deleteNote(actor: Actor, id: string, ifMatch?: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await this.lockForChange(manager, actor, id, ifMatch);
      await this.write(manager, actor, before, 'delete', { deletedAt: () => 'now()' });
    });
  }

  private async lockForChange(manager: EntityManager, actor: Actor, id: string, expectedVersion: number | undefined): Promise<Note> {
    const note = await manager
      .getRepository(Note)
      .createQueryBuilder('n')
      .where('n.id = :id AND n.deletedAt IS NULL', { id })
      .setLock('pessimistic_write')
      .getOne();
    if (!note || !(await isWithinReach(manager, actor, note.entity, note.entityId, 'read'))) throw RecordException.notFound('note');
    if (note.authorId !== actor.userId && !(await isWithinReach(manager, actor, note.entity, note.entityId, 'update'))) {
      throw NoteException.editDenied();
    }
    if (expectedVersion !== undefined && note.version !== expectedVersion) throw RecordException.stale('note', note.version);
    return note;
  }

  private async write(
    manager: EntityManager,
    actor: Actor,
    before: Note,
    action: 'update' | 'delete',
    changes: { body?: string; deletedAt?: () => string },
  ): Promise<Note> {
    await manager
      .createQueryBuilder()
      .update(Note)
      .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id', { id: before.id })
      .execute();
    const after = await manager.getRepository(Note).findOneByOrFail({ id: before.id });
    const withDeletion = (note: Note) => (action === 'delete' ? { ...snapshot(note), deletedAt: note.deletedAt } : snapshot(note));
    await this.audit.record(manager, actor, 'note', before.id, action, withDeletion(before), withDeletion(after));
    return after;
  }
}
