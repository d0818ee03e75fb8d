import type { MigrationInterface, QueryRunner } from 'typeorm';
import { normalizePhone } from '../../records/contact-keys.js';

/**
 * Normalized emails, phones (E.164) and tax ids beside the typed ones, so that duplicates, imports and search
 * compare like with like through an index.
 */
export class ContactKeys1764450000000 implements MigrationInterface {
  name = 'ContactKeys1764450000000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of ['contacts', 'companies']) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN emails_normalized text[] NOT NULL DEFAULT '{}'`);
      await db.query(`ALTER TABLE ${table} ADD COLUMN phones_normalized text[] NOT NULL DEFAULT '{}'`);
      await db.query(`CREATE INDEX ${table}_emails_normalized_idx ON ${table} USING gin (emails_normalized)`);
      await db.query(`CREATE INDEX ${table}_phones_normalized_idx ON ${table} USING gin (phones_normalized)`);
    }
    await db.query(`ALTER TABLE companies ADD COLUMN tax_id_normalized varchar(40)`);
    await db.query(`CREATE INDEX companies_tax_id_normalized_idx ON companies (tax_id_normalized) WHERE tax_id_normalized IS NOT NULL`);

    // Rows written before this migration get their keys here, phones read in the configured default region.
    const region = process.env.DEFAULT_PHONE_REGION ?? 'LV';
    for (const table of ['contacts', 'companies']) {
      const rows: { id: string; emails: { value: string }[]; phones: { value: string }[] }[] = await db.query(
        `SELECT id, emails, phones FROM ${table}`,
      );
      for (const row of rows) {
        await db.query(`UPDATE ${table} SET emails_normalized = $2, phones_normalized = $3 WHERE id = $1`, [
          row.id,
          row.emails.map((email) => email.value.trim().toLowerCase()),
          row.phones.map((phone) => normalizePhone(phone.value, region)).filter((phone): phone is string => phone !== null),
        ]);
      }
    }
    await db.query(
      `UPDATE companies SET tax_id_normalized = upper(regexp_replace(tax_id, '[\\s.\\-/]', '', 'g')) WHERE tax_id IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE companies DROP COLUMN tax_id_normalized`);
    for (const table of ['contacts', 'companies']) {
      await db.query(`ALTER TABLE ${table} DROP COLUMN emails_normalized, DROP COLUMN phones_normalized`);
    }
  }
}
