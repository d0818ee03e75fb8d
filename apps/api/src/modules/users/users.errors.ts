import { DomainException } from '../../core/http/domain-exception.js';

export type UserErrorCode = 'email_taken' | 'cannot_deactivate_self' | 'team_not_allowed';

const USER_ERROR_STATUS: Record<UserErrorCode, number> = {
  email_taken: 409,
  cannot_deactivate_self: 409,
  team_not_allowed: 403,
};

export class UserException extends DomainException<UserErrorCode> {
  get status(): number {
    return USER_ERROR_STATUS[this.code];
  }
}
