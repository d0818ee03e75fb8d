import { DomainException } from '../../core/http/domain-exception.js';

export type TeamErrorCode = 'team_name_taken' | 'team_not_empty';

const TEAM_ERROR_STATUS: Record<TeamErrorCode, number> = {
  team_name_taken: 409,
  team_not_empty: 409,
};

export class TeamException extends DomainException<TeamErrorCode> {
  get status(): number {
    return TEAM_ERROR_STATUS[this.code];
  }

  static nameTaken(name: string): TeamException {
    return new TeamException('team_name_taken', `A team called "${name}" already exists.`, {
      errors: [{ field: 'name', messages: ['name is already taken'], codes: ['teamNameTaken'] }],
    });
  }
}
