import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The keys that tell whether two client records are the same person or company, however they were typed:
 * emails lower-cased, phones in E.164 (read in `defaultRegion` when written without a country code), tax ids
 * without spaces, dots or dashes and upper-cased. Duplicate checks, imports and search all use these.
 */
export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** E.164 when the text is a possible phone number (of the right length for its country), else null. */
export function possiblePhone(value: string, defaultRegion: string): string | null {
  const phone = parsePhoneNumberFromString(value.trim(), { defaultCountry: defaultRegion.toUpperCase() as CountryCode });
  return phone?.isPossible() ? phone.number : null;
}

/** E.164 (`+37126123456`); for text that is no possible number, its digits after a `+` if there are 7 or more, else null. */
export function normalizePhone(value: string, defaultRegion: string): string | null {
  const phone = possiblePhone(value, defaultRegion);
  if (phone) return phone;
  // Not possible as typed: keep the digits of a long enough number, so a search by its tail still finds it.
  const digits = value.replace(/\D/g, '');
  return digits.length >= 7 ? `+${digits}` : null;
}

export function normalizeTaxId(value: string): string {
  return value.replace(/[\s.\-/]/g, '').toUpperCase();
}

/** The digits of a query if it looks like (part of) a phone number: 7 or more digits and nothing but phone punctuation. */
export function phoneDigitsOf(query: string): string | null {
  if (!/^[\d\s()+.-]+$/.test(query.trim())) return null;
  const digits = query.replace(/\D/g, '');
  return digits.length >= 7 ? digits : null;
}

export interface ClientRecordValues {
  emails?: { value: string }[] | null;
  phones?: { value: string }[] | null;
  taxId?: string | null;
}

export interface ClientRecordKeys {
  emailsNormalized?: string[];
  phonesNormalized?: string[];
  taxIdNormalized?: string | null;
}

/** The normalized keys to store beside whichever of emails, phones and tax id a write changes. */
export function clientRecordKeys(values: ClientRecordValues, defaultRegion: string): ClientRecordKeys {
  const keys: ClientRecordKeys = {};
  if (values.emails !== undefined) keys.emailsNormalized = [...new Set((values.emails ?? []).map((email) => normalizeEmail(email.value)))];
  if (values.phones !== undefined) {
    const phones = (values.phones ?? []).map((phone) => normalizePhone(phone.value, defaultRegion));
    keys.phonesNormalized = [...new Set(phones.filter((phone): phone is string => phone !== null))];
  }
  if (values.taxId !== undefined) keys.taxIdNormalized = values.taxId ? normalizeTaxId(values.taxId) : null;
  return keys;
}
