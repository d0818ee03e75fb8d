import type { Entity } from '@crm/permissions';

/**
 * Every column that points at a client record. Merging two records moves each such link from the record that goes
 * to the one that stays; a module that adds a table linking to companies or contacts adds its column here.
 */
export interface RecordLink {
  /** The kind of record the column points at. */
  target: Extract<Entity, 'company' | 'contact'>;
  table: string;
  column: string;
  /** For polymorphic links (`entity`, `entity_id`): the column naming the kind, which must equal `target`. */
  kindColumn?: string;
  /**
   * For a link unique together with another column (deal_contacts: a contact is on a deal once): that column. Where
   * both merged records are linked to the same row of it, the source's link is dropped instead of moved, and the
   * target's takes the lower `keepLowest` value of the two (a main contact, position 0, stays the main contact).
   */
  uniqueWith?: { column: string; keepLowest?: string };
}

export const RECORD_LINKS: RecordLink[] = [
  { target: 'company', table: 'contacts', column: 'company_id' },
  { target: 'contact', table: 'notes', column: 'entity_id', kindColumn: 'entity' },
  { target: 'company', table: 'notes', column: 'entity_id', kindColumn: 'entity' },
  { target: 'contact', table: 'tasks', column: 'entity_id', kindColumn: 'entity' },
  { target: 'company', table: 'tasks', column: 'entity_id', kindColumn: 'entity' },
  { target: 'company', table: 'deals', column: 'company_id' },
  { target: 'contact', table: 'deal_contacts', column: 'contact_id', uniqueWith: { column: 'deal_id', keepLowest: 'position' } },
];
