import type { PermissionMatrix } from '@crm/permissions';

/** Who performs a request: a signed-in user, or a third-party system through an API key acting for a user. */
export interface Actor {
  kind: 'user' | 'api_key';
  userId: string;
  teamId: string | null;
  roleId: string;
  permissions: PermissionMatrix;
  apiKeyId: string | null;
  requestId: string;
}

/** What the authentication strategies put on the request before the request id is known. */
export type AuthenticatedPrincipal = Omit<Actor, 'requestId'>;
