import { normalizeEmail, normalizeTaxId, phoneDigitsOf, possiblePhone } from '../../core/records/contact-keys.js';

/** A search query read every way it can mean something; each non-null term is looked up. */
export interface SearchTerms {
  /** Lower-cased text matched against names, typos tolerated; null when the query is an email or a phone number. */
  name: string | null;
  email: string | null;
  /**
   * The query as an E.164 number, matched exactly; only when it is a possible number. Fewer digits (a number's tail)
   * are found by `phoneDigits` alone, and an exact lookup of an impossible number was misestimated by the planner
   * into a parallel scan on every such search.
   */
  phone: string | null;
  /** 7+ digits, matched against the end of stored numbers (a number typed without its country or trunk code). */
  phoneDigits: string | null;
  taxId: string | null;
}

const TAX_ID = /^[A-Z0-9]{4,40}$/;

export function searchTerms(query: string, phoneRegion: string): SearchTerms {
  const text = query.trim();
  const email = text.includes('@') ? normalizeEmail(text) : null;
  const phoneDigits = email ? null : phoneDigitsOf(text);
  const taxId = normalizeTaxId(text);
  return {
    name: email || phoneDigits ? null : text.toLowerCase(),
    email,
    phone: phoneDigits ? possiblePhone(text, phoneRegion) : null,
    phoneDigits,
    // Every tax id scheme has digits; without one the query is a name.
    taxId: !email && /\d/.test(taxId) && TAX_ID.test(taxId) ? taxId : null,
  };
}
