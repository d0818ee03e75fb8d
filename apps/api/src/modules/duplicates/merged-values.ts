import { clientRecordKeys, normalizeEmail, normalizePhone } from '../../core/records/contact-keys.js';

type Values = Record<string, unknown>;

/** Columns a merge never takes from the record that goes: identity, ownership, bookkeeping, and derived keys. */
const KEPT = new Set(['id', 'ownerId', 'createdById', 'createdAt', 'updatedAt', 'deletedAt', 'version', 'emailsNormalized', 'phonesNormalized', 'taxIdNormalized']);

/** Lists both records' entries are joined in. */
const LISTS = new Set(['emails', 'phones', 'tags']);

/** Objects whose parts belong together (an address), taken whole or not at all. */
const WHOLE = new Set(['address']);

const isObject = (value: unknown): value is Values => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);
}

function union<T>(kept: T[], merged: T[], key: (item: T) => string): T[] {
  const seen = new Set(kept.map(key));
  return [...kept, ...merged.filter((item) => !seen.has(key(item)))];
}

/**
 * The columns of the record that stays after `merged` is merged into `kept`: each empty column filled from the other
 * record, objects such as custom field values completed key by key, emails, phones and tags joined without repeats,
 * and the normalized keys recomputed. `fields` are the writable columns, by property name, so that columns added later
 * (custom fields, links) merge too.
 */
export function mergedValues(fields: string[], kept: Values, merged: Values, phoneRegion: string): Values {
  const values: Values = {};
  for (const field of fields) {
    if (KEPT.has(field) || LISTS.has(field)) continue;
    const [mine, theirs] = [kept[field], merged[field]];
    if (isEmpty(theirs)) continue;
    if (isEmpty(mine)) values[field] = theirs;
    else if (isObject(mine) && isObject(theirs) && !WHOLE.has(field)) {
      const completed = { ...theirs, ...Object.fromEntries(Object.entries(mine).filter(([, value]) => !isEmpty(value))) };
      if (JSON.stringify(completed) !== JSON.stringify(mine)) values[field] = completed;
    }
  }
  const emails = union(kept.emails as { value: string }[], merged.emails as { value: string }[], (email) => normalizeEmail(email.value));
  const phones = union(kept.phones as { value: string }[], merged.phones as { value: string }[], (phone) => normalizePhone(phone.value, phoneRegion) ?? phone.value);
  const tags = [...new Set([...(kept.tags as string[]), ...(merged.tags as string[])])];
  const taxId = fields.includes('taxId') ? { taxId: (values.taxId ?? kept.taxId) as string | null } : {};
  return { ...values, emails, phones, tags, ...clientRecordKeys({ emails, phones, ...taxId }, phoneRegion) };
}
