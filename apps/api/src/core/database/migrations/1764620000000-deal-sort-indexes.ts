import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes behind the deal list's sorts that migration 1764600000000 left out. */
export class DealSortIndexes1764620000000 implements MigrationInterface {
  name = 'DealSortIndexes1764620000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX deals_stage_entered_at_idx ON deals (stage_entered_at, id)`);
    // sort=expectedCloseDate orders deals without a date last: the list sorts by this expression, so the keyset cursor never meets a NULL.
    await db.query(`CREATE INDEX deals_expected_close_sort_idx ON deals ((COALESCE(expected_close_date, 'infinity'::date)), id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of ['deals_stage_entered_at_idx', 'deals_expected_close_sort_idx']) await db.query(`DROP INDEX IF EXISTS ${index}`);
  }
}
