import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deals and what they move through: pipelines with ordered stages, configurable lost reasons, the product catalogue,
 * deals with their contacts and line items, and the history of every stage change.
 *
 * Money is `numeric(19,4)`: exact, and room for currencies with three minor digits; the API rounds each amount to its
 * currency's minor unit. A deal's `status` repeats its stage's kind (open, won, lost) so that the board, forecast and
 * analytics filter on the deal row alone; every stage move writes both in one transaction.
 */
export class Deals1764600000000 implements MigrationInterface {
  name = 'Deals1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE pipelines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL CHECK (btrim(name) <> ''),
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`CREATE UNIQUE INDEX pipelines_name_key ON pipelines (lower(name))`);
    await db.query(`CREATE INDEX pipelines_position_idx ON pipelines (position, id)`);

    await db.query(`
      CREATE TABLE pipeline_stages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pipeline_id uuid NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
        name varchar(120) NOT NULL CHECK (btrim(name) <> ''),
        position integer NOT NULL DEFAULT 0,
        color varchar(7) NOT NULL DEFAULT '#64748b' CHECK (color ~ '^#[0-9a-f]{6}$'),
        probability smallint NOT NULL CHECK (probability BETWEEN 0 AND 100),
        kind varchar(10) NOT NULL CHECK (kind IN ('open', 'won', 'lost')),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`CREATE INDEX pipeline_stages_pipeline_idx ON pipeline_stages (pipeline_id, position, id)`);

    await db.query(`
      CREATE TABLE lost_reasons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL CHECK (btrim(name) <> ''),
        position integer NOT NULL DEFAULT 0,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`CREATE UNIQUE INDEX lost_reasons_name_key ON lost_reasons (lower(name))`);

    await db.query(`
      CREATE TABLE products (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(300) NOT NULL CHECK (btrim(name) <> ''),
        sku varchar(64),
        unit varchar(20) NOT NULL DEFAULT 'pcs',
        price numeric(19,4) NOT NULL CHECK (price >= 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        vat_rate numeric(5,2) NOT NULL DEFAULT 0 CHECK (vat_rate BETWEEN 0 AND 100),
        description text,
        active boolean NOT NULL DEFAULT true,
        created_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        search text GENERATED ALWAYS AS (lower(name || ' ' || coalesce(sku, ''))) STORED
      )`);
    await db.query(`CREATE UNIQUE INDEX products_sku_key ON products (lower(sku)) WHERE sku IS NOT NULL`);
    await db.query(`CREATE INDEX products_name_idx ON products (name, id)`);
    await db.query(`CREATE INDEX products_search_idx ON products USING gin (search gin_trgm_ops)`);

    await db.query(`
      CREATE TABLE deals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title varchar(300) NOT NULL CHECK (btrim(title) <> ''),
        pipeline_id uuid NOT NULL REFERENCES pipelines (id),
        stage_id uuid NOT NULL REFERENCES pipeline_stages (id),
        status varchar(10) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
        stage_entered_at timestamptz(3) NOT NULL DEFAULT now(),
        amount numeric(19,4) NOT NULL DEFAULT 0 CHECK (amount >= 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        expected_close_date date,
        company_id uuid REFERENCES companies (id),
        lead_source varchar(120),
        utm_source varchar(200),
        utm_medium varchar(200),
        utm_campaign varchar(200),
        utm_term varchar(200),
        utm_content varchar(200),
        won_at timestamptz(3),
        lost_at timestamptz(3),
        lost_reason_id uuid REFERENCES lost_reasons (id),
        lost_comment varchar(1000),
        next_step varchar(300),
        custom jsonb NOT NULL DEFAULT '{}',
        tags text[] NOT NULL DEFAULT '{}',
        owner_id uuid REFERENCES users (id),
        created_by_id uuid REFERENCES users (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        deleted_at timestamptz(3),
        version integer NOT NULL DEFAULT 1,
        search text GENERATED ALWAYS AS (lower(title)) STORED,
        CHECK (won_at IS NULL OR status = 'won'),
        CHECK (lost_at IS NULL OR status = 'lost')
      )`);
    // The board: each stage's newest arrivals first, counted and summed per stage without touching closed deals' pages.
    await db.query(`
      CREATE INDEX deals_board_idx ON deals (stage_id, stage_entered_at DESC, id DESC)
        INCLUDE (amount, currency, owner_id) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX deals_pipeline_status_idx ON deals (pipeline_id, status) WHERE deleted_at IS NULL`);
    // Forecast: open deals by expected close month.
    await db.query(`
      CREATE INDEX deals_forecast_idx ON deals (expected_close_date, id)
        INCLUDE (pipeline_id, stage_id, amount, currency, owner_id) WHERE status = 'open' AND deleted_at IS NULL`);
    await db.query(`CREATE INDEX deals_created_at_idx ON deals (created_at, id)`);
    await db.query(`CREATE INDEX deals_updated_at_idx ON deals (updated_at, id)`);
    await db.query(`CREATE INDEX deals_title_idx ON deals (title, id)`);
    await db.query(`CREATE INDEX deals_amount_idx ON deals (amount, id)`);
    await db.query(`CREATE INDEX deals_expected_close_idx ON deals (expected_close_date, id)`);
    await db.query(`CREATE INDEX deals_status_idx ON deals (status, created_at, id)`);
    await db.query(`CREATE INDEX deals_owner_idx ON deals (owner_id, created_at, id)`);
    await db.query(`CREATE INDEX deals_company_idx ON deals (company_id, status) WHERE company_id IS NOT NULL`);
    await db.query(`CREATE INDEX deals_tags_idx ON deals USING gin (tags)`);
    await db.query(`CREATE INDEX deals_search_idx ON deals USING gin (search gin_trgm_ops)`);
    await db.query(`CREATE INDEX deals_custom_idx ON deals USING gin (custom jsonb_path_ops)`);
    await db.query(`CREATE INDEX deals_lead_source_idx ON deals (lower(lead_source)) WHERE lead_source IS NOT NULL`);
    await db.query(`CREATE INDEX deals_deleted_at_idx ON deals (deleted_at) WHERE deleted_at IS NOT NULL`);

    // A deal's people; position 0 is the main contact, whose lead source and UTM a new deal inherits.
    await db.query(`
      CREATE TABLE deal_contacts (
        deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts (id),
        position smallint NOT NULL DEFAULT 0,
        PRIMARY KEY (deal_id, contact_id)
      )`);
    await db.query(`CREATE INDEX deal_contacts_contact_idx ON deal_contacts (contact_id, deal_id)`);

    // Amounts are computed and stored by the API (net after discount, VAT, total), each rounded to the currency's
    // minor unit, so that a deal's amount is exactly the sum of its lines' totals.
    await db.query(`
      CREATE TABLE deal_line_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        product_id uuid REFERENCES products (id) ON DELETE SET NULL,
        position integer NOT NULL DEFAULT 0,
        name varchar(300) NOT NULL CHECK (btrim(name) <> ''),
        unit varchar(20) NOT NULL DEFAULT 'pcs',
        quantity numeric(14,3) NOT NULL CHECK (quantity > 0),
        price numeric(19,4) NOT NULL CHECK (price >= 0),
        discount_percent numeric(5,2) NOT NULL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 100),
        vat_rate numeric(5,2) NOT NULL DEFAULT 0 CHECK (vat_rate BETWEEN 0 AND 100),
        net_amount numeric(19,4) NOT NULL,
        vat_amount numeric(19,4) NOT NULL,
        total_amount numeric(19,4) NOT NULL
      )`);
    await db.query(`CREATE INDEX deal_line_items_deal_idx ON deal_line_items (deal_id, position, id)`);
    await db.query(`CREATE INDEX deal_line_items_product_idx ON deal_line_items (product_id) WHERE product_id IS NOT NULL`);

    // One row per stage change, the creation and reopening included. from_entered_at is when the deal entered
    // from_stage, so the time spent there is changed_at - from_entered_at without a window over the history.
    await db.query(`
      CREATE TABLE deal_stage_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        pipeline_id uuid NOT NULL REFERENCES pipelines (id),
        from_stage_id uuid REFERENCES pipeline_stages (id) ON DELETE SET NULL,
        to_stage_id uuid REFERENCES pipeline_stages (id) ON DELETE SET NULL,
        event varchar(10) NOT NULL CHECK (event IN ('created', 'moved', 'won', 'lost', 'reopened')),
        from_entered_at timestamptz(3),
        changed_at timestamptz(3) NOT NULL DEFAULT now(),
        changed_by_id uuid REFERENCES users (id) ON DELETE SET NULL
      )`);
    await db.query(`CREATE INDEX deal_stage_history_deal_idx ON deal_stage_history (deal_id, changed_at DESC, id DESC)`);
    // Conversion and time-in-stage analytics over a period.
    await db.query(`CREATE INDEX deal_stage_history_changed_idx ON deal_stage_history (pipeline_id, changed_at)`);

    // Deals take custom fields, saved segments and notes like contacts and companies.
    for (const table of ['custom_fields', 'segments', 'notes']) {
      await db.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_entity_check`);
      await db.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_entity_check CHECK (entity IN ('contact', 'company', 'deal'))`);
    }

    // A first pipeline, so that a new installation can take deals at once; admins rename or replace it.
    await db.query(`
      WITH pipeline AS (INSERT INTO pipelines (name, position) VALUES ('Sales', 0) RETURNING id)
      INSERT INTO pipeline_stages (pipeline_id, name, position, color, probability, kind)
      SELECT pipeline.id, stage.name, stage.position, stage.color, stage.probability, stage.kind
      FROM pipeline, (VALUES
        ('Qualification', 0, '#64748b', 10, 'open'),
        ('Needs analysis', 1, '#0ea5e9', 25, 'open'),
        ('Proposal', 2, '#8b5cf6', 50, 'open'),
        ('Negotiation', 3, '#f59e0b', 75, 'open'),
        ('Won', 4, '#16a34a', 100, 'won'),
        ('Lost', 5, '#dc2626', 0, 'lost')
      ) AS stage (name, position, color, probability, kind)`);
    await db.query(`
      INSERT INTO lost_reasons (name, position) VALUES
        ('Price too high', 0), ('Chose a competitor', 1), ('No budget', 2), ('No decision', 3), ('Unreachable', 4)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['custom_fields', 'segments', 'notes']) {
      await db.query(`DELETE FROM ${table} WHERE entity = 'deal'`);
      await db.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_entity_check`);
      await db.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_entity_check CHECK (entity IN ('contact', 'company'))`);
    }
    for (const table of ['deal_stage_history', 'deal_line_items', 'deal_contacts', 'deals', 'products', 'lost_reasons', 'pipeline_stages', 'pipelines']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
