import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes behind the sorts, search and access checks of the users, teams and API key lists. */
export class UserAdminIndexes1764300000000 implements MigrationInterface {
  name = 'UserAdminIndexes1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX users_name_idx ON users (name, id)`);
    await db.query(`CREATE INDEX users_created_at_idx ON users (created_at, id)`);
    await db.query(`CREATE INDEX users_search_idx ON users USING gin (lower(name || ' ' || email) gin_trgm_ops)`);
    await db.query(`CREATE INDEX teams_name_idx ON teams (name, id)`);
    await db.query(`CREATE INDEX api_keys_user_id_idx ON api_keys (user_id)`);
    // Deleting a role first checks that no key still uses it.
    await db.query(`CREATE INDEX api_keys_role_id_idx ON api_keys (role_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of ['users_name_idx', 'users_created_at_idx', 'users_search_idx', 'teams_name_idx', 'api_keys_user_id_idx', 'api_keys_role_id_idx']) {
      await db.query(`DROP INDEX IF EXISTS ${index}`);
    }
  }
}
