/** The kinds of record checked for duplicates and merged; deals would not be (they have no contact keys). */
export const DUPLICATE_ENTITIES = ['contact', 'company'] as const;
export type DuplicateEntity = (typeof DUPLICATE_ENTITIES)[number];

/** What makes two records likely the same: a shared normalized key, or (contacts) a near-equal name at one company. */
export const DUPLICATE_REASONS = ['email', 'phone', 'taxId', 'name'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];
export type DuplicateKey = Exclude<DuplicateReason, 'name'>;

export interface DuplicateKind {
  table: string;
  /** The column that names a record. */
  title: string;
  hasTaxId: boolean;
  /** Contacts of one company whose names are this similar (pg_trgm similarity) are likely one person. */
  nameSimilarity?: number;
}

export const DUPLICATE_KINDS: Record<DuplicateEntity, DuplicateKind> = {
  contact: { table: 'contacts', title: 'full_name', hasTaxId: false, nameSimilarity: 0.6 },
  company: { table: 'companies', title: 'name', hasTaxId: true },
};
