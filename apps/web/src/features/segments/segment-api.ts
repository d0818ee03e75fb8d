import { api, type Schema, unwrap } from '@/api/client';
import type { ListParams } from '@/composables/use-cursor-list';

export type Segment = Schema<'SegmentDto'>;
export type SegmentEntity = Segment['entity'];
export type BulkResult = Schema<'BulkActionResultDto'>;
export type BulkBody = Schema<'BulkContactsDto'>;

/** List parameters that choose a page or a view, not records: never part of a saved filter. */
const VIEW_PARAMS = ['sort', 'deleted', 'cursor', 'limit'];

export const listSegments = async (entity: SegmentEntity) =>
  (await unwrap(api.GET('/api/v1/segments', { params: { query: { entity, withCounts: true, limit: 200 } } }))).items;

export const createSegment = (body: Schema<'CreateSegmentDto'>) => unwrap(api.POST('/api/v1/segments', { body }));

export const deleteSegment = (id: string) => unwrap(api.DELETE('/api/v1/segments/{id}', { params: { path: { id } } }));

export function bulkUpdate(entity: SegmentEntity, body: BulkBody): Promise<BulkResult> {
  // Every list takes the same body; only the filter's parameters differ, and they come from the list's own URL.
  if (entity === 'deal') return unwrap(api.POST('/api/v1/deals/bulk', { body: body as Schema<'BulkDealsDto'> }));
  return entity === 'contact'
    ? unwrap(api.POST('/api/v1/contacts/bulk', { body }))
    : unwrap(api.POST('/api/v1/companies/bulk', { body: body as Schema<'BulkCompaniesDto'> }));
}

/** The filter of the list's current parameters, as a segment or a bulk action takes it. */
export function filterOfParams(params: ListParams): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(params).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined && !VIEW_PARAMS.includes(entry[0])),
  );
}

/** A stored filter as URL parameters: every value as text, repeatable ones as lists. */
export function paramsOfFilter(filter: Record<string, unknown>): ListParams {
  return Object.fromEntries(Object.entries(filter).map(([key, value]) => [key, Array.isArray(value) ? value.map(String) : String(value)]));
}

/** Whether the list shows exactly what a segment selects, so that the segment can be marked as applied. */
export function sameFilter(params: ListParams, filter: Record<string, unknown>): boolean {
  const normalize = (values: ListParams) =>
    JSON.stringify(
      Object.entries(filterOfParams(values))
        .map(([key, value]) => [key, [value].flat().sort()])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  return normalize(params) === normalize(paramsOfFilter(filter));
}
