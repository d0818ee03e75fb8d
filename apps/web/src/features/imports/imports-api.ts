import type { paths } from '@crm/api-client';
import { api, ApiProblem, type Schema, unwrap } from '@/api/client';
import type { ListParams } from '@/composables/use-cursor-list';
import { filterOfParams } from '@/features/segments/segment-api';

export type ImportJob = Schema<'ImportDto'>;
export type ImportEntity = Schema<'ImportEntity'>;
export type ImportField = Schema<'ImportField'>;
export type DuplicatePolicy = Schema<'DuplicatePolicy'>;
export type ColumnMapping = Schema<'ColumnMappingDto'>;
export type ExportFormat = Schema<'ExportFormat'>;

export const DUPLICATE_POLICIES: DuplicatePolicy[] = ['skip', 'update', 'create'];

/** Whether the job has stopped for good, one way or the other. */
export const isFinished = (job: ImportJob) => job.status === 'completed' || job.status === 'failed';

export const uploadImport = (entity: ImportEntity, file: File) =>
  unwrap(
    api.POST('/api/v1/imports', {
      // The schema calls the file a binary string; the browser sends the File itself as a multipart part.
      body: { entity, file: file as unknown as string },
      bodySerializer: ({ entity: kind, file: upload }) => {
        const form = new FormData();
        form.append('entity', kind);
        form.append('file', upload as unknown as File);
        return form;
      },
    }),
  );

export const getImport = (id: string) => unwrap(api.GET('/api/v1/imports/{id}', { params: { path: { id } } }));

export const updateImport = (id: string, body: Schema<'UpdateImportDto'>) =>
  unwrap(api.PATCH('/api/v1/imports/{id}', { params: { path: { id } }, body }));

export const startImport = (id: string) => unwrap(api.POST('/api/v1/imports/{id}/start', { params: { path: { id } } }));

/** Hands a downloaded file to the browser under the name the API gave it. */
function save(blob: Blob, response: Response, fallback: string): void {
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = encoded ? decodeURIComponent(encoded) : fallback;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

async function download(call: Promise<{ data?: Blob; error?: unknown; response: Response }>, fallback: string): Promise<void> {
  const { data, error, response } = await call;
  if (!response.ok || !data) throw ApiProblem.from(error, response);
  save(data, response, fallback);
}

export const downloadFailedRows = (id: string) =>
  download(api.GET('/api/v1/imports/{id}/failed-rows.csv', { params: { path: { id } }, parseAs: 'blob' }), 'failed-rows.csv');

type ContactsQuery = paths['/api/v1/contacts/export']['get']['parameters']['query'];
type CompaniesQuery = paths['/api/v1/companies/export']['get']['parameters']['query'];

/** The records the list shows now (its filters, not its sort or page), as a file. */
export function exportList(entity: ImportEntity, format: ExportFormat, params: ListParams): Promise<void> {
  // The list's URL parameters are the export's filters; the API reads them with the list's own rules.
  const query = { ...filterOfParams(params), format };
  return entity === 'contact'
    ? download(api.GET('/api/v1/contacts/export', { params: { query: query as ContactsQuery }, parseAs: 'blob' }), `contacts.${format}`)
    : download(api.GET('/api/v1/companies/export', { params: { query: query as CompaniesQuery }, parseAs: 'blob' }), `companies.${format}`);
}
