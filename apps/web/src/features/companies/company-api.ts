import type { paths } from '@crm/api-client';
import { api, type Schema, unwrap } from '@/api/client';
import type { ListParams } from '@/composables/use-cursor-list';

export type Company = Schema<'CompanyDto'>;

type ListQuery = paths['/api/v1/companies']['get']['parameters']['query'];

export const listCompanies = (params: ListParams & { cursor?: string }) =>
  unwrap(api.GET('/api/v1/companies', { params: { query: { limit: 50, ...params } as ListQuery } }));
export const getCompany = (id: string) => unwrap(api.GET('/api/v1/companies/{id}', { params: { path: { id } } }));
export const deleteCompany = (id: string) => unwrap(api.DELETE('/api/v1/companies/{id}', { params: { path: { id } } }));
export const restoreCompany = (id: string) => unwrap(api.POST('/api/v1/companies/{id}/restore', { params: { path: { id } } }));
