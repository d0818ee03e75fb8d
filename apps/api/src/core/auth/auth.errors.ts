import { DomainException } from '../http/domain-exception.js';

export type AuthErrorCode =
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'token_invalid'
  | 'token_expired'
  | 'refresh_token_invalid'
  | 'refresh_token_reused'
  | 'api_key_invalid'
  | 'too_many_attempts'
  | 'permission_denied';

const AUTH_ERROR_STATUS: Record<AuthErrorCode, number> = {
  unauthenticated: 401,
  invalid_credentials: 401,
  token_invalid: 401,
  token_expired: 401,
  refresh_token_invalid: 401,
  refresh_token_reused: 401,
  api_key_invalid: 401,
  too_many_attempts: 429,
  permission_denied: 403,
};

export class AuthException extends DomainException<AuthErrorCode> {
  get status(): number {
    return AUTH_ERROR_STATUS[this.code];
  }
}
