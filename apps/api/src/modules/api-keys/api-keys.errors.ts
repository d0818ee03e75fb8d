import { DomainException } from '../../core/http/domain-exception.js';

export type ApiKeyErrorCode = 'api_key_user_not_allowed' | 'expiry_in_past';

const API_KEY_ERROR_STATUS: Record<ApiKeyErrorCode, number> = {
  api_key_user_not_allowed: 403,
  expiry_in_past: 400,
};

export class ApiKeyException extends DomainException<ApiKeyErrorCode> {
  get status(): number {
    return API_KEY_ERROR_STATUS[this.code];
  }
}
