import { DomainException } from '../../core/http/domain-exception.js';

export type CustomFieldErrorCode = 'custom_field_key_taken' | 'custom_field_limit';

const CUSTOM_FIELD_ERROR_STATUS: Record<CustomFieldErrorCode, number> = {
  custom_field_key_taken: 409,
  custom_field_limit: 409,
};

export class CustomFieldException extends DomainException<CustomFieldErrorCode> {
  get status(): number {
    return CUSTOM_FIELD_ERROR_STATUS[this.code];
  }

  static keyTaken(key: string): CustomFieldException {
    return new CustomFieldException('custom_field_key_taken', `A custom field with the key "${key}" already exists here.`, {
      errors: [{ field: 'key', messages: ['key is already taken'], codes: ['customFieldKeyTaken'] }],
    });
  }

  static limit(max: number): CustomFieldException {
    return new CustomFieldException('custom_field_limit', `An entity can have at most ${max} custom fields; delete one first.`);
  }
}
