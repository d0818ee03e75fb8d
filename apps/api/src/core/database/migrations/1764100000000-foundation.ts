import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity, access, audit, companies and contacts. */
export class Foundation1764100000000 implements MigrationInterface {
  name = 'Foundation1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await db.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`CREATE UNIQUE INDEX teams_name_key ON teams (lower(name))`);

    await db.query(`
      CREATE TABLE roles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key varchar(60) NOT NULL,
        name varchar(120) NOT NULL,
        built_in boolean NOT NULL DEFAULT false,
        permissions jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`CREATE UNIQUE INDEX roles_key_key ON roles (key)`);
    // The matrices of built-in roles live in @crm/permissions, so that a release can change them; rows only name them.
    await db.query(`
      INSERT INTO roles (key, name, built_in) VALUES
        ('admin', 'Administrator', true),
        ('sales_head', 'Head of sales', true),
        ('sales_rep', 'Sales representative', true),
        ('operator', 'Call-center operator', true),
        ('analyst', 'Analyst', true)`);

    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        name varchar(200) NOT NULL,
        password_hash text,
        locale varchar(5) NOT NULL DEFAULT 'en',
        time_zone varchar(64) NOT NULL DEFAULT 'UTC',
        team_id uuid REFERENCES teams (id) ON DELETE SET NULL,
        role_id uuid NOT NULL REFERENCES roles (id),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await db.query(`CREATE INDEX users_team_id_idx ON users (team_id, id)`);
    await db.query(`CREATE INDEX users_role_id_idx ON users (role_id)`);

    await db.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        rotated_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        user_agent varchar(300),
        ip varchar(64)
      )`);
    await db.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await db.query(`CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id)`);

    await db.query(`
      CREATE TABLE login_failures (
        id bigserial PRIMARY KEY,
        key varchar(300) NOT NULL,
        failed_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX login_failures_key_idx ON login_failures (key, failed_at)`);

    await db.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        prefix varchar(16) NOT NULL,
        key_hash char(64) NOT NULL,
        role_id uuid NOT NULL REFERENCES roles (id),
        user_id uuid NOT NULL REFERENCES users (id),
        created_by uuid NOT NULL REFERENCES users (id),
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX api_keys_key_hash_key ON api_keys (key_hash)`);
    await db.query(`CREATE INDEX api_keys_created_at_idx ON api_keys (created_at DESC, id DESC)`);

    await db.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        entity varchar(40) NOT NULL,
        entity_id uuid NOT NULL,
        action varchar(20) NOT NULL,
        actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        actor_api_key_id uuid REFERENCES api_keys (id) ON DELETE SET NULL,
        changes jsonb NOT NULL DEFAULT '{}',
        request_id varchar(100),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, id DESC)`);

    await db.query(`
      CREATE TABLE companies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(300) NOT NULL,
        legal_name varchar(300),
        tax_id varchar(40),
        industry varchar(120),
        website varchar(500),
        address jsonb,
        phones jsonb NOT NULL DEFAULT '[]',
        emails jsonb NOT NULL DEFAULT '[]',
        tags text[] NOT NULL DEFAULT '{}',
        owner_id uuid REFERENCES users (id),
        created_by_id uuid REFERENCES users (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        deleted_at timestamptz(3),
        version integer NOT NULL DEFAULT 1,
        search text GENERATED ALWAYS AS (
          lower(name || ' ' || coalesce(legal_name, '') || ' ' || coalesce(tax_id, '') || ' ' ||
                coalesce(website, '') || ' ' || jsonb_path_query_array(emails, '$[*].value')::text || ' ' ||
                jsonb_path_query_array(phones, '$[*].value')::text)
        ) STORED
      )`);
    await db.query(`CREATE INDEX companies_created_at_idx ON companies (created_at, id)`);
    await db.query(`CREATE INDEX companies_updated_at_idx ON companies (updated_at, id)`);
    await db.query(`CREATE INDEX companies_name_idx ON companies (name, id)`);
    await db.query(`CREATE INDEX companies_owner_idx ON companies (owner_id, created_at, id)`);
    await db.query(`CREATE INDEX companies_tags_idx ON companies USING gin (tags)`);
    await db.query(`CREATE INDEX companies_search_idx ON companies USING gin (search gin_trgm_ops)`);
    await db.query(`CREATE INDEX companies_deleted_at_idx ON companies (deleted_at) WHERE deleted_at IS NOT NULL`);

    await db.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        first_name varchar(100),
        middle_name varchar(100),
        last_name varchar(100),
        full_name varchar(310) GENERATED ALWAYS AS (
          btrim(coalesce(first_name, '') || coalesce(' ' || middle_name, '') || coalesce(' ' || last_name, ''))
        ) STORED,
        position varchar(200),
        company_id uuid REFERENCES companies (id),
        emails jsonb NOT NULL DEFAULT '[]',
        phones jsonb NOT NULL DEFAULT '[]',
        address jsonb,
        tags text[] NOT NULL DEFAULT '{}',
        status varchar(20) NOT NULL DEFAULT 'lead'
          CHECK (status IN ('lead', 'prospect', 'client', 'partner')),
        lead_source varchar(120),
        utm_source varchar(200),
        utm_medium varchar(200),
        utm_campaign varchar(200),
        utm_term varchar(200),
        utm_content varchar(200),
        owner_id uuid REFERENCES users (id),
        created_by_id uuid REFERENCES users (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        deleted_at timestamptz(3),
        version integer NOT NULL DEFAULT 1,
        search text GENERATED ALWAYS AS (
          lower(coalesce(first_name, '') || ' ' || coalesce(middle_name, '') || ' ' || coalesce(last_name, '') || ' ' ||
                coalesce(position, '') || ' ' || jsonb_path_query_array(emails, '$[*].value')::text || ' ' ||
                jsonb_path_query_array(phones, '$[*].value')::text)
        ) STORED,
        CHECK (coalesce(first_name, last_name) IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX contacts_created_at_idx ON contacts (created_at, id)`);
    await db.query(`CREATE INDEX contacts_updated_at_idx ON contacts (updated_at, id)`);
    await db.query(`CREATE INDEX contacts_full_name_idx ON contacts (full_name, id)`);
    await db.query(`CREATE INDEX contacts_status_idx ON contacts (status, created_at, id)`);
    await db.query(`CREATE INDEX contacts_owner_idx ON contacts (owner_id, created_at, id)`);
    await db.query(`CREATE INDEX contacts_company_idx ON contacts (company_id)`);
    await db.query(`CREATE INDEX contacts_tags_idx ON contacts USING gin (tags)`);
    await db.query(`CREATE INDEX contacts_search_idx ON contacts USING gin (search gin_trgm_ops)`);
    await db.query(`CREATE INDEX contacts_deleted_at_idx ON contacts (deleted_at) WHERE deleted_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['contacts', 'companies', 'audit_log', 'api_keys', 'login_failures', 'refresh_tokens', 'users', 'roles', 'teams']) {
      await db.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
  }
}
