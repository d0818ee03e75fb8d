import type { paths } from '@crm/api-client';
import { api, type Schema, unwrap } from '@/api/client';
import type { ListParams } from '@/composables/use-cursor-list';

export type Contact = Schema<'ContactDto'>;
export type ContactStatus = Contact['status'];
export const CONTACT_STATUSES: ContactStatus[] = ['lead', 'prospect', 'client', 'partner'];

type ListQuery = paths['/api/v1/contacts']['get']['parameters']['query'];

export const listContacts = (params: ListParams & { cursor?: string }) =>
  unwrap(api.GET('/api/v1/contacts', { params: { query: { limit: 50, ...params } as ListQuery } }));
export const getContact = (id: string) => unwrap(api.GET('/api/v1/contacts/{id}', { params: { path: { id } } }));
export const deleteContact = (id: string) => unwrap(api.DELETE('/api/v1/contacts/{id}', { params: { path: { id } } }));
export const restoreContact = (id: string) => unwrap(api.POST('/api/v1/contacts/{id}/restore', { params: { path: { id } } }));
