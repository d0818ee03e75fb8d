import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { dealLineTotals } from '../modules/deals/deal-line-totals.js';

const PRODUCTS = [
  ['Forklift rental', 'FL-RENT', 'month', '1450.00', 'EUR', '21'],
  ['Warehouse scanner', 'WH-SCAN', 'pcs', '389.90', 'EUR', '21'],
  ['CRM seat licence', 'CRM-SEAT', 'seat', '29.00', 'EUR', '21'],
  ['Onboarding workshop', 'SVC-ONB', 'day', '950.00', 'EUR', '21'],
  ['Support plan, annual', 'SVC-SUP', 'year', '2400.00', 'EUR', '21'],
  ['Pallet racking bay', 'RK-BAY', 'pcs', '212.50', 'EUR', '21'],
  ['Delivery, per route', 'LOG-ROUTE', 'route', '85.00', 'EUR', '21'],
  ['Consulting hour', 'SVC-HOUR', 'h', '120.00', 'USD', '0'],
] as const;

const REPEAT_SALES_STAGES = [
  ['Need identified', '#64748b', 30, 'open'],
  ['Offer', '#8b5cf6', 55, 'open'],
  ['Negotiation', '#f59e0b', 80, 'open'],
  ['Won', '#16a34a', 100, 'won'],
  ['Lost', '#dc2626', 0, 'lost'],
] as const;

const SUBJECTS = [
  'Fleet renewal',
  'Warehouse scanners',
  'CRM rollout',
  'Annual support',
  'Racking for the new hall',
  'Delivery contract',
  'Onboarding for the sales team',
  'Spare parts supply',
  'Cloud migration',
  'Second site equipment',
  'Licence upgrade',
  'Pilot project',
] as const;

const CURRENCIES = ['EUR', 'EUR', 'EUR', 'EUR', 'USD', 'EUR', 'EUR', 'RUB', 'EUR', 'EUR'] as const;
const LEAD_SOURCES = ['website', 'referral', 'cold_call', 'exhibition', 'advertising'] as const;
const NEXT_STEPS = ['Send the offer', 'Call the buyer back', 'Demo on site', 'Wait for the budget decision', null] as const;
const DEALS = 60;
const DAY = 24 * 3600 * 1000;

interface Stage {
  id: string;
  kind: 'open' | 'won' | 'lost';
}

interface PipelineStages {
  id: string;
  open: Stage[];
  won?: Stage;
  lost?: Stage;
}

async function stagesOf(client: pg.ClientBase, pipelineId: string): Promise<PipelineStages> {
  const { rows } = await client.query<Stage>('SELECT id, kind FROM pipeline_stages WHERE pipeline_id = $1 ORDER BY position, id', [pipelineId]);
  return {
    id: pipelineId,
    open: rows.filter((stage) => stage.kind === 'open'),
    won: rows.find((stage) => stage.kind === 'won'),
    lost: rows.find((stage) => stage.kind === 'lost'),
  };
}

/**
 * Deals for the demo team: a product catalogue, a second pipeline ("Repeat sales") and 60 deals over both pipelines'
 * stages, the demo owners and currencies (mostly EUR), open, won and lost (with reasons), some priced by line items,
 * each with its stage history. Built from the demo users and clients already in the database, in a few bulk
 * statements; does nothing once the "Repeat sales" pipeline exists, so an older demo database gains deals once.
 */
export async function seedDemoDeals(client: pg.ClientBase): Promise<void> {
  if ((await client.query(`SELECT 1 FROM pipelines WHERE lower(name) = 'repeat sales'`)).rowCount) return;
  const owners = (
    await client.query<{ id: string }>(
      `SELECT u.id FROM users u JOIN roles r ON r.id = u.role_id
       WHERE u.email LIKE '%@demo.crm' AND r.key IN ('sales_rep', 'sales_head') ORDER BY u.email`,
    )
  ).rows.map((row) => row.id);
  const contacts = (
    await client.query<{ id: string; company_id: string | null; owner_id: string | null }>(
      `SELECT id, company_id, owner_id FROM contacts WHERE deleted_at IS NULL AND created_by_id = ANY($1) ORDER BY created_at, id`,
      [owners],
    )
  ).rows;
  const [first] = (await client.query<{ id: string }>('SELECT id FROM pipelines ORDER BY position, id LIMIT 1')).rows;
  if (!owners.length || !contacts.length || !first) return;

  const { rows: products } = await client.query<{ id: string; name: string; unit: string; price: string; currency: string; vat_rate: string }>(
    `INSERT INTO products (name, sku, unit, price, currency, vat_rate, created_by_id)
     SELECT p.name, p.sku, p.unit, p.price, p.currency, p.vat_rate, $2
     FROM jsonb_to_recordset($1) AS p (name text, sku text, unit text, price numeric, currency text, vat_rate numeric)
     ON CONFLICT DO NOTHING
     RETURNING id, name, unit, price, currency, vat_rate`,
    [JSON.stringify(PRODUCTS.map(([name, sku, unit, price, currency, vatRate]) => ({ name, sku, unit, price, currency, vat_rate: vatRate }))), owners[0]],
  );
  const euroProducts = products.filter((product) => product.currency === 'EUR');

  const [repeat] = (await client.query<{ id: string }>(`INSERT INTO pipelines (name, position) VALUES ('Repeat sales', 1) RETURNING id`)).rows;
  await client.query(
    `INSERT INTO pipeline_stages (pipeline_id, name, color, probability, kind, position)
     SELECT $1, s.name, s.color, s.probability, s.kind, s.position
     FROM jsonb_to_recordset($2) AS s (name text, color text, probability int, kind text, position int)`,
    [repeat!.id, JSON.stringify(REPEAT_SALES_STAGES.map(([name, color, probability, kind], position) => ({ name, color, probability, kind, position })))],
  );
  const pipelines = [await stagesOf(client, first.id), await stagesOf(client, repeat!.id)];
  const lostReasons = (await client.query<{ id: string }>('SELECT id FROM lost_reasons WHERE active ORDER BY position, id')).rows;

  const now = Date.now();
  const deals: Record<string, unknown>[] = [];
  const history: Record<string, unknown>[] = [];
  const dealContacts: Record<string, unknown>[] = [];
  const lineItems: Record<string, unknown>[] = [];
  for (let index = 0; index < DEALS; index++) {
    const pipeline = pipelines[index % 3 === 2 ? 1 : 0]!;
    if (!pipeline.open.length) continue;
    const outcome = index % 6 === 0 && pipeline.won ? 'won' : index % 6 === 3 && pipeline.lost ? 'lost' : 'open';
    // Stepping by more than one every third deal spreads each pipeline over the owners (contacts are owned in turns).
    const contact = contacts[(index + Math.floor(index / 3)) % contacts.length]!;
    const owner = contact.owner_id ?? owners[index % owners.length]!;
    const id = randomUUID();

    // The path through the pipeline: created in its first open stage, moved forward, then won or lost.
    const reached = index % pipeline.open.length;
    const path: { stage: Stage; event: string }[] = pipeline.open.slice(0, reached + 1).map((stage, step) => ({ stage, event: step ? 'moved' : 'created' }));
    if (outcome !== 'open') path.push({ stage: (outcome === 'won' ? pipeline.won : pipeline.lost)!, event: outcome });
    const createdAt = now - (12 + ((index * 7) % 120)) * DAY;
    const spacing = Math.min(4 * DAY, (now - createdAt) / (path.length + 1));
    const times = path.map((_, step) => new Date(createdAt + step * spacing).toISOString());
    path.forEach((step, position) =>
      history.push({
        deal_id: id,
        pipeline_id: pipeline.id,
        from_stage_id: position ? path[position - 1]!.stage.id : null,
        to_stage_id: step.stage.id,
        event: step.event,
        from_entered_at: position ? times[position - 1] : null,
        changed_at: times[position],
        changed_by_id: owner,
      }),
    );
    const closedAt = outcome === 'open' ? null : times.at(-1)!;

    let currency: string = CURRENCIES[index % CURRENCIES.length]!;
    let amount = `${1200 + ((index * 1733) % 48000)}.${String((index * 37) % 100).padStart(2, '0')}`;
    if (index % 4 === 1 && euroProducts.length) {
      currency = 'EUR';
      const lines = [0, 1, 2].slice(0, 1 + (index % 3)).map((offset, position) => {
        const product = euroProducts[(index + offset * 3) % euroProducts.length]!;
        return { product, position, quantity: String(1 + ((index + offset) % 5) * (product.unit === 'seat' ? 10 : 1)), discountPercent: index % 8 === 1 ? '10' : '0' };
      });
      const totals = dealLineTotals(
        lines.map((line) => ({ quantity: line.quantity, price: line.product.price, discountPercent: line.discountPercent, vatRate: line.product.vat_rate })),
        currency,
      );
      amount = totals.amount;
      lines.forEach((line, position) =>
        lineItems.push({
          deal_id: id,
          product_id: line.product.id,
          position,
          name: line.product.name,
          unit: line.product.unit,
          quantity: line.quantity,
          price: line.product.price,
          discount_percent: line.discountPercent,
          vat_rate: line.product.vat_rate,
          net_amount: totals.lines[position]!.netAmount,
          vat_amount: totals.lines[position]!.vatAmount,
          total_amount: totals.lines[position]!.totalAmount,
        }),
      );
    }

    const expected = outcome === 'open' ? (index % 9 === 5 ? null : new Date(now + ((index * 13) % 180) * DAY)) : new Date(closedAt!);
    deals.push({
      id,
      title: `${SUBJECTS[index % SUBJECTS.length]}${index >= SUBJECTS.length ? ` ${Math.floor(index / SUBJECTS.length) + 1}` : ''}`,
      pipeline_id: pipeline.id,
      stage_id: path.at(-1)!.stage.id,
      status: outcome,
      stage_entered_at: times.at(-1),
      amount,
      currency,
      expected_close_date: expected?.toISOString().slice(0, 10) ?? null,
      company_id: contact.company_id,
      lead_source: LEAD_SOURCES[index % LEAD_SOURCES.length],
      won_at: outcome === 'won' ? closedAt : null,
      lost_at: outcome === 'lost' ? closedAt : null,
      lost_reason_id: outcome === 'lost' && lostReasons.length ? lostReasons[index % lostReasons.length]!.id : null,
      lost_comment: outcome === 'lost' ? 'Went with a cheaper offer after the second round.' : null,
      next_step: outcome === 'open' ? NEXT_STEPS[index % NEXT_STEPS.length] : null,
      tags: index % 5 === 0 ? ['priority'] : [],
      owner_id: owner,
      created_at: times[0],
    });
    dealContacts.push({ deal_id: id, contact_id: contact.id, position: 0 });
    // Now and then a colleague of the main contact joins the deal.
    const second = index % 5 === 2 ? contacts.find((other) => other.id !== contact.id && other.company_id && other.company_id === contact.company_id) : undefined;
    if (second) {
      dealContacts.push({ deal_id: id, contact_id: second.id, position: 1 });
    }
  }

  await client.query(
    `INSERT INTO deals (id, title, pipeline_id, stage_id, status, stage_entered_at, amount, currency, expected_close_date, company_id,
                        lead_source, won_at, lost_at, lost_reason_id, lost_comment, next_step, tags, owner_id, created_by_id, created_at, updated_at)
     SELECT id, title, pipeline_id, stage_id, status, stage_entered_at, amount, currency, expected_close_date, company_id,
            lead_source, won_at, lost_at, lost_reason_id, lost_comment, next_step, tags, owner_id, owner_id, created_at, stage_entered_at
     FROM jsonb_to_recordset($1) AS d (id uuid, title text, pipeline_id uuid, stage_id uuid, status text, stage_entered_at timestamptz,
       amount numeric, currency text, expected_close_date date, company_id uuid, lead_source text, won_at timestamptz, lost_at timestamptz,
       lost_reason_id uuid, lost_comment text, next_step text, tags text[], owner_id uuid, created_at timestamptz)`,
    [JSON.stringify(deals)],
  );
  await client.query(
    `INSERT INTO deal_stage_history (deal_id, pipeline_id, from_stage_id, to_stage_id, event, from_entered_at, changed_at, changed_by_id)
     SELECT * FROM jsonb_to_recordset($1) AS h (deal_id uuid, pipeline_id uuid, from_stage_id uuid, to_stage_id uuid, event text,
       from_entered_at timestamptz, changed_at timestamptz, changed_by_id uuid)`,
    [JSON.stringify(history)],
  );
  await client.query(
    `INSERT INTO deal_contacts (deal_id, contact_id, position)
     SELECT * FROM jsonb_to_recordset($1) AS c (deal_id uuid, contact_id uuid, position smallint)`,
    [JSON.stringify(dealContacts)],
  );
  await client.query(
    `INSERT INTO deal_line_items (deal_id, product_id, position, name, unit, quantity, price, discount_percent, vat_rate, net_amount, vat_amount, total_amount)
     SELECT * FROM jsonb_to_recordset($1) AS l (deal_id uuid, product_id uuid, position int, name text, unit text, quantity numeric, price numeric,
       discount_percent numeric, vat_rate numeric, net_amount numeric, vat_amount numeric, total_amount numeric)`,
    [JSON.stringify(lineItems)],
  );
}
