import { DomainException } from '../../core/http/domain-exception.js';

export type RoleErrorCode = 'role_key_taken' | 'role_built_in' | 'role_in_use' | 'role_not_grantable';

const ROLE_ERROR_STATUS: Record<RoleErrorCode, number> = {
  role_key_taken: 409,
  role_built_in: 409,
  role_in_use: 409,
  role_not_grantable: 403,
};

export class RoleException extends DomainException<RoleErrorCode> {
  get status(): number {
    return ROLE_ERROR_STATUS[this.code];
  }
}
