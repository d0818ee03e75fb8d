import { api, type Schema, unwrap } from '@/api/client';
import type { ListParams } from '@/composables/use-cursor-list';

export type TimelineItem = Schema<'TimelineItemDto'>;
export type TimelineKind = Schema<'TimelineKind'>;
export type Note = Schema<'NoteDto'>;
export type RecordKind = Note['entity'];

export const TIMELINE_KINDS: TimelineKind[] = ['note', 'change', 'deal', 'task'];
export const NOTE_MAX_LENGTH = 10_000;

const PAGE_SIZE = 20;

export function listTimeline(entity: RecordKind, id: string, params: ListParams & { cursor?: string }) {
  // A hand-edited URL may name kinds that do not exist; they are left out rather than failing the whole timeline.
  const kinds = [params.kind ?? []].flat().filter((kind): kind is TimelineKind => (TIMELINE_KINDS as string[]).includes(kind));
  const query = { limit: PAGE_SIZE, cursor: params.cursor, kind: kinds.length ? kinds : undefined };
  if (entity === 'deal') return unwrap(api.GET('/api/v1/deals/{id}/timeline', { params: { path: { id }, query } }));
  return entity === 'contact'
    ? unwrap(api.GET('/api/v1/contacts/{id}/timeline', { params: { path: { id }, query } }))
    : unwrap(api.GET('/api/v1/companies/{id}/timeline', { params: { path: { id }, query } }));
}

export function createNote(entity: RecordKind, id: string, body: string) {
  if (entity === 'deal') return unwrap(api.POST('/api/v1/deals/{id}/notes', { params: { path: { id } }, body: { body } }));
  return entity === 'contact'
    ? unwrap(api.POST('/api/v1/contacts/{id}/notes', { params: { path: { id } }, body: { body } }))
    : unwrap(api.POST('/api/v1/companies/{id}/notes', { params: { path: { id } }, body: { body } }));
}

export const updateNote = (note: Note, body: string) =>
  unwrap(api.PATCH('/api/v1/notes/{id}', { params: { path: { id: note.id } }, body: { body, version: note.version } }));

export const deleteNote = (note: Note) =>
  unwrap(api.DELETE('/api/v1/notes/{id}', { params: { path: { id: note.id }, header: { 'If-Match': `"${note.version}"` } } }));
