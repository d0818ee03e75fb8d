import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The product catalogue sorts by price and by creation as well as by name; each sort walks an index ending in id. */
export class ProductIndexes1764610000000 implements MigrationInterface {
  name = 'ProductIndexes1764610000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX products_price_idx ON products (price, id)`);
    await db.query(`CREATE INDEX products_created_at_idx ON products (created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX products_created_at_idx`);
    await db.query(`DROP INDEX products_price_idx`);
  }
}
