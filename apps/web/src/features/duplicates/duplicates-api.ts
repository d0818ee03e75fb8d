import { api, type Schema, unwrap } from '@/api/client';
import type { ListParams, Page } from '@/composables/use-cursor-list';

export type DuplicatePair = Schema<'DuplicatePairDto'>;
export type DuplicateRecord = Schema<'DuplicateRecordDto'>;
export type DuplicateEntity = Schema<'DuplicateEntity'>;

/** How many empty pages to walk through before handing control back to the user. */
const MAX_EMPTY_PAGES = 10;

/**
 * A page of likely pairs. The API examines a bounded number of records per page, so a page can come back empty before
 * the end; those are skipped here, so that the list shows pairs or says there are none.
 */
export async function listDuplicatePairs(params: ListParams & { cursor?: string }): Promise<Page<DuplicatePair>> {
  const entity = (params.entity === 'company' ? 'company' : 'contact') satisfies DuplicateEntity;
  const fetchPage = (cursor?: string) => unwrap(api.GET('/api/v1/duplicates', { params: { query: { entity, limit: 20, cursor } } }));
  let page = await fetchPage(params.cursor);
  for (let skipped = 0; !page.items.length && page.nextCursor && skipped < MAX_EMPTY_PAGES; skipped++) {
    page = await fetchPage(page.nextCursor);
  }
  return page;
}

/** Merges `source` into `kept`, which must still be at `version`. */
export function mergeRecords(entity: DuplicateEntity, kept: DuplicateRecord, source: DuplicateRecord): Promise<unknown> {
  const options = { params: { path: { id: kept.id } }, body: { sourceId: source.id, version: kept.version } };
  return entity === 'company'
    ? unwrap(api.POST('/api/v1/companies/{id}/merge', options))
    : unwrap(api.POST('/api/v1/contacts/{id}/merge', options));
}
