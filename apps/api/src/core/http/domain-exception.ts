/**
 * Base of every module's typed error. A module declares its codes and their HTTP statuses in one exhaustive
 * map; the problem filter turns the error into an `application/problem+json` answer carrying `code`.
 */
export abstract class DomainException<Code extends string = string> extends Error {
  abstract readonly status: number;

  constructor(
    readonly code: Code,
    message: string,
    /** Extra members of the problem body, e.g. the current version of a record. */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export type RecordErrorCode =
  | 'record_not_found'
  | 'version_conflict'
  | 'version_required'
  | 'owner_not_allowed'
  | 'reference_not_found';

const RECORD_ERROR_STATUS: Record<RecordErrorCode, number> = {
  record_not_found: 404,
  version_conflict: 409,
  version_required: 428,
  owner_not_allowed: 403,
  reference_not_found: 400,
};

/** Errors every owned record shares: missing (or out of reach, which looks the same), stale, wrong owner. */
export class RecordException extends DomainException<RecordErrorCode> {
  get status(): number {
    return RECORD_ERROR_STATUS[this.code];
  }

  static notFound(entity: string): RecordException {
    return new RecordException('record_not_found', `No ${entity} with this id exists or it is out of your reach.`);
  }

  static stale(entity: string, currentVersion: number): RecordException {
    return new RecordException(
      'version_conflict',
      `The ${entity} was changed by someone else (now at version ${currentVersion}); reload it and try again.`,
      { currentVersion },
    );
  }

  static versionRequired(): RecordException {
    return new RecordException(
      'version_required',
      'Send the version you edited, as the `version` field or an If-Match header, so that concurrent edits are not lost.',
    );
  }

  static ownerNotAllowed(entity: string): RecordException {
    return new RecordException('owner_not_allowed', `You may not make this user the owner of a ${entity}.`);
  }

  static referenceNotFound(field: string): RecordException {
    return new RecordException('reference_not_found', `${field} names no record you can reach.`, {
      errors: [{ field, messages: [`${field} names no record you can reach`], codes: ['referenceNotFound'] }],
    });
  }
}
