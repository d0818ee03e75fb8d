/**
 * The deals part of the bench seed: three pipelines, the lost reasons and a product catalogue (plain INSERTs), then
 * deals with their stage history, contacts and line items, generated in one pass and streamed into four COPYs at
 * once. Every deal's history is its path through its pipeline: `created` in its first stage, `moved` forward
 * (stages may be skipped), and `won`/`lost` at the end for closed deals; the last row is the deal's current stage
 * and `stage_entered_at`. The number of `moved` rows is planned up front so that the history has exactly the
 * number of rows asked for.
 */
import type pg from 'pg';
import { chance, CopyStream, int, normal, NULL, pick, random, text, textArray, timestamp, uuid, weighted } from './seed-random.js';
import {
  DEAL_NEXT_STEPS,
  DEAL_SUBJECTS,
  DEAL_TAGS,
  LEAD_SOURCES,
  type Language,
  LANGUAGES,
  LOST_COMMENTS,
  PRODUCT_FAMILIES,
  PRODUCT_TIERS,
  UTM,
} from './seed-vocabulary.js';

/** The tables the deals COPY fills; their secondary indexes and foreign keys are set aside around it. */
export const DEAL_TABLES = ['deals', 'deal_stage_history', 'deal_contacts', 'deal_line_items'];

type Status = 'open' | 'won' | 'lost';
const STATUSES: readonly Status[] = ['open', 'won', 'lost'];

interface PipelineSpec {
  name: string;
  /** Open stages in order: name, colour, probability (rising). Won and lost stages follow. */
  open: readonly (readonly [string, string, number])[];
  /** Share of all deals in this pipeline per status. */
  share: Record<Status, number>;
}

/**
 * The first pipeline is the board the runner measures: exactly 10 % of the deals (100,000 of 1,000,000) are open
 * there and not deleted. Overall 30 % open, 40 % won, 30 % lost.
 */
const PIPELINES: readonly PipelineSpec[] = [
  {
    name: 'New sales',
    open: [
      ['Lead in', '#64748b', 10],
      ['Qualified', '#0ea5e9', 20],
      ['Meeting', '#06b6d4', 35],
      ['Proposal', '#8b5cf6', 50],
      ['Negotiation', '#f59e0b', 70],
      ['Contract', '#f97316', 85],
    ],
    share: { open: 0.1, won: 0.17, lost: 0.13 },
  },
  {
    name: 'Repeat sales',
    open: [
      ['Need identified', '#64748b', 30],
      ['Offer', '#8b5cf6', 55],
      ['Negotiation', '#f59e0b', 80],
    ],
    share: { open: 0.14, won: 0.16, lost: 0.1 },
  },
  {
    name: 'Partners',
    open: [
      ['Application', '#64748b', 10],
      ['Vetting', '#0ea5e9', 30],
      ['Pilot', '#8b5cf6', 60],
      ['Agreement', '#f59e0b', 80],
    ],
    share: { open: 0.06, won: 0.07, lost: 0.07 },
  },
];

/** The migration's five reasons, kept by name; the seed gives them its own ids so that the same seed gives the same rows. */
const LOST_REASONS: readonly (readonly [string, number])[] = [
  ['Price too high', 30],
  ['Chose a competitor', 25],
  ['No budget', 20],
  ['No decision', 15],
  ['Unreachable', 10],
];

export interface SeedPipeline {
  id: string;
  name: string;
  /** Open stages in order, then the won stage, then the lost stage. */
  stages: { id: string; kind: Status }[];
  open: number;
}

interface SeedProduct {
  id: string;
  name: string;
  unit: string;
  cents: number;
  quantity: readonly [number, number];
}

export interface DealSeedInput {
  pool: pg.Pool;
  deals: number;
  history: number;
  now: number;
  /** A creation time: over three years, denser lately (the contacts' distribution). */
  createdAt: () => number;
  pickOwner: () => { id: string };
  pickLanguage: () => Language;
  adminId: string;
  companies: readonly { id: string; language: Language; brand: string }[];
  contactIds: readonly string[];
  /** Contacts of company `c` are `contactsByCompany[companyContactStart[c] … companyContactStart[c + 1])`. */
  companyContactStart: Int32Array;
  contactsByCompany: Int32Array;
  /** Told of every deal as it is written (the tasks link to them). */
  remember?: (index: number, id: string, ownerId: string, companyIndex: number, openAndLive: boolean) => void;
}

const DAY = 24 * 3600 * 1000;
const YEAR = 365 * DAY;
const CURRENCIES = weighted<readonly [string, number, number]>([
  // code, rate from EUR, VAT rate of line items
  [['EUR', 1, 21], 0.8],
  [['USD', 1.08, 0], 0.12],
  [['RUB', 95, 20], 0.08],
]);
const DISCOUNTS = weighted([[0, 65], [5, 12], [10, 12], [15, 6], [20, 5]] as const);

const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Replaces the migration's default pipeline and lost reasons; inserts the product catalogue. */
export async function seedPipelines(pool: pg.Pool, now: number, adminId: string): Promise<{ pipelines: SeedPipeline[]; lostReasons: { id: string; weight: number }[]; products: SeedProduct[] }> {
  const created = new Date(now - 3 * YEAR).toISOString();
  const pipelines: SeedPipeline[] = [];
  const stageRows: unknown[] = [];
  for (const spec of PIPELINES) {
    const pipeline: SeedPipeline = { id: uuid(), name: spec.name, stages: [], open: spec.open.length };
    const stages = [...spec.open.map(([name, color, probability]) => ({ name, color, probability, kind: 'open' as Status })),
      { name: 'Won', color: '#16a34a', probability: 100, kind: 'won' as Status },
      { name: 'Lost', color: '#dc2626', probability: 0, kind: 'lost' as Status }];
    stages.forEach((stage, position) => {
      const id = uuid();
      pipeline.stages.push({ id, kind: stage.kind });
      stageRows.push({ id, pipeline_id: pipeline.id, name: stage.name, position, color: stage.color, probability: stage.probability, kind: stage.kind });
    });
    pipelines.push(pipeline);
  }
  const lostReasons = LOST_REASONS.map(([name, weight], position) => ({ id: uuid(), name, position, weight }));
  const products: (SeedProduct & { sku: string; price: string })[] = [];
  for (const family of PRODUCT_FAMILIES) {
    for (const [tier, factor] of PRODUCT_TIERS) {
      const cents = Math.round(family.price * factor) * 100;
      products.push({ id: uuid(), name: `${family.name} ${tier}`, unit: family.unit, cents, quantity: family.quantity, sku: `${family.name.replace(/[^A-Z]/g, '')}-${tier.slice(0, 3).toUpperCase()}-${products.length + 101}`, price: money(cents) });
    }
  }

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('DELETE FROM pipelines');
    await client.query('DELETE FROM lost_reasons');
    await client.query('DELETE FROM products');
    await client.query(
      `INSERT INTO pipelines (id, name, position, created_at, updated_at)
       SELECT id, name, position, $2::timestamptz, $2::timestamptz FROM jsonb_to_recordset($1::jsonb) AS p(id uuid, name text, position int)`,
      [JSON.stringify(pipelines.map((p, position) => ({ id: p.id, name: p.name, position }))), created],
    );
    await client.query(
      `INSERT INTO pipeline_stages (id, pipeline_id, name, position, color, probability, kind, created_at, updated_at)
       SELECT id, pipeline_id, name, position, color, probability, kind, $2::timestamptz, $2::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS s(id uuid, pipeline_id uuid, name text, position int, color text, probability int, kind text)`,
      [JSON.stringify(stageRows), created],
    );
    await client.query(
      `INSERT INTO lost_reasons (id, name, position, created_at, updated_at)
       SELECT id, name, position, $2::timestamptz, $2::timestamptz FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, position int)`,
      [JSON.stringify(lostReasons), created],
    );
    await client.query(
      `INSERT INTO products (id, name, sku, unit, price, currency, vat_rate, created_by_id, created_at, updated_at)
       SELECT id, name, sku, unit, price::numeric, 'EUR', 21, $2, $3::timestamptz, $3::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS p(id uuid, name text, sku text, unit text, price text)`,
      [JSON.stringify(products), adminId, created],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return { pipelines, lostReasons, products };
}

interface Group {
  pipeline: number;
  status: Status;
  deleted: boolean;
  count: number;
}

/** Deals per pipeline, status and trash: exact counts, with the board's open deals exactly 10 % of all. */
function groupsOf(total: number): Group[] {
  const groups: Group[] = [];
  PIPELINES.forEach((spec, pipeline) => {
    for (const status of STATUSES) {
      const count = Math.round(spec.share[status] * total);
      const deleted = Math.round(count * 0.01);
      // The board's open deals: all of `count` stay out of the trash, the trashed ones come on top.
      const live = pipeline === 0 && status === 'open' ? count : count - deleted;
      groups.push({ pipeline, status, deleted: false, count: live }, { pipeline, status, deleted: true, count: deleted });
    }
  });
  // Rounding and the board's extra trashed deals are taken from (or given to) the last live group.
  const sum = groups.reduce((total, group) => total + group.count, 0);
  groups.at(-2)!.count += total - sum;
  return groups;
}

export interface DealSeedCounts {
  deals: number;
  history: number;
  dealContacts: number;
  lineItems: number;
  boardOpen: number;
}

/** Plans and streams the deals and their rows; returns what it wrote. */
export async function copyDeals(input: DealSeedInput, seeded: Awaited<ReturnType<typeof seedPipelines>>): Promise<DealSeedCounts> {
  const { pipelines, lostReasons, products } = seeded;
  const N = input.deals;
  const groups = groupsOf(N);

  // The plan: per deal its group, its last open stage and how many times it moved, drawn before any row is written.
  const groupOf = new Uint8Array(N);
  let at = 0;
  groups.forEach((group, index) => groupOf.fill(index, at, (at += group.count)));
  for (let i = N - 1; i > 0; i--) {
    const j = int(i + 1);
    const swap = groupOf[i]!;
    groupOf[i] = groupOf[j]!;
    groupOf[j] = swap;
  }
  const stageWeights = (open: number, status: Status) =>
    Array.from({ length: open }, (_, k) => [k, status === 'won' ? (k + 1) ** 2 : open - k + 1] as const);
  const pickStage = pipelines.map((pipeline) => Object.fromEntries(STATUSES.map((status) => [status, weighted(stageWeights(pipeline.open, status))])) as Record<Status, () => number>);
  const lastOpen = new Uint8Array(N);
  let closed = 0;
  let reachable = 0;
  for (let i = 0; i < N; i++) {
    const group = groups[groupOf[i]!]!;
    lastOpen[i] = pickStage[group.pipeline]![group.status]();
    if (group.status !== 'open') closed++;
    reachable += lastOpen[i]!;
  }
  // One `created` row per deal and one `won`/`lost` row per closed deal; the rest of the history is `moved` rows.
  const movesWanted = input.history - N - closed;
  if (movesWanted < 0 || movesWanted > reachable) {
    throw new Error(`${input.history} stage-history rows cannot be made from ${N} deals (${closed} closed): between ${N + closed} and ${N + closed + reachable}`);
  }
  const moves = new Uint8Array(N);
  const p = movesWanted / reachable;
  let planned = 0;
  for (let i = 0; i < N; i++) {
    let m = 0;
    for (let k = 0; k < lastOpen[i]!; k++) if (random() < p) m++;
    moves[i] = m;
    planned += m;
  }
  while (planned !== movesWanted) {
    const i = int(N);
    if (planned > movesWanted && moves[i]! > 0) {
      moves[i]!--;
      planned--;
    } else if (planned < movesWanted && moves[i]! < lastOpen[i]!) {
      moves[i]!++;
      planned++;
    }
  }

  const pickReason = weighted(lostReasons.map((reason) => [reason.id, reason.weight] as const));
  const clients = await Promise.all(DEAL_TABLES.map(() => input.pool.connect()));
  const counts: DealSeedCounts = { deals: 0, history: 0, dealContacts: 0, lineItems: 0, boardOpen: 0 };
  try {
    const [deals, history, dealContacts, lineItems] = await Promise.all([
      CopyStream.open(clients[0]!, 'deals', [
        'id', 'title', 'pipeline_id', 'stage_id', 'status', 'stage_entered_at', 'amount', 'currency', 'expected_close_date', 'company_id',
        'lead_source', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'won_at', 'lost_at', 'lost_reason_id',
        'lost_comment', 'next_step', 'tags', 'owner_id', 'created_by_id', 'created_at', 'updated_at', 'deleted_at', 'version',
      ]),
      CopyStream.open(clients[1]!, 'deal_stage_history', [
        'id', 'deal_id', 'pipeline_id', 'from_stage_id', 'to_stage_id', 'event', 'from_entered_at', 'changed_at', 'changed_by_id',
      ]),
      CopyStream.open(clients[2]!, 'deal_contacts', ['deal_id', 'contact_id', 'position']),
      CopyStream.open(clients[3]!, 'deal_line_items', [
        'id', 'deal_id', 'product_id', 'position', 'name', 'unit', 'quantity', 'price', 'discount_percent', 'vat_rate', 'net_amount',
        'vat_amount', 'total_amount',
      ]),
    ]);
    const streams = [deals, history, dealContacts, lineItems];
    const path: number[] = [];
    const times: number[] = [];

    for (let i = 0; i < N; i++) {
      const group = groups[groupOf[i]!]!;
      const pipeline = pipelines[group.pipeline]!;
      const id = uuid();
      const owner = input.pickOwner();
      const creator = chance(0.85) ? owner : input.pickOwner();
      const companyIndex = chance(0.7) ? int(input.companies.length) : -1;
      const company = companyIndex >= 0 ? input.companies[companyIndex]! : null;
      const language = company?.language ?? input.pickLanguage();

      // The path: `moves` earlier open stages chosen among those before the last one, in order.
      const last = lastOpen[i]!;
      const m = moves[i]!;
      path.length = 0;
      for (let k = 0; k < last; k++) path.push(k);
      for (let k = 0; k < m; k++) {
        const j = k + int(last - k);
        const swap = path[k]!;
        path[k] = path[j]!;
        path[j] = swap;
      }
      path.length = m;
      path.sort((a, b) => a - b);
      path.push(last);

      // Times: created, then each move, then the close, strictly increasing and never after now.
      const created = Math.floor(Math.min(input.createdAt(), input.now - 3 * 3600 * 1000));
      const events = m + (group.status === 'open' ? 0 : 1);
      const room = input.now - created - 60_000;
      const span =
        group.status === 'open'
          ? room * random()
          : Math.min(room, 3 * DAY + -Math.log(1 - random()) * 50 * DAY);
      times.length = 0;
      times.push(created);
      const offsets: number[] = [];
      for (let k = 0; k < events; k++) offsets.push(random());
      offsets.sort((a, b) => a - b);
      for (let k = 0; k < events; k++) times.push(created + 1000 * (k + 1) + Math.floor(Math.max(0, span - 1000 * events) * offsets[k]!));
      const entered = times.at(-1)!;
      const closedAt = group.status === 'open' ? null : entered;
      const stageId = group.status === 'open' ? pipeline.stages[last]!.id : pipeline.stages[pipeline.open + (group.status === 'won' ? 0 : 1)]!.id;

      for (let k = 0; k <= m; k++) {
        history.push(
          `${uuid()}\t${id}\t${pipeline.id}\t${k === 0 ? NULL : pipeline.stages[path[k - 1]!]!.id}\t${pipeline.stages[path[k]!]!.id}\t` +
            `${k === 0 ? 'created' : 'moved'}\t${k === 0 ? NULL : timestamp(times[k - 1]!)}\t${timestamp(times[k]!)}\t${k === 0 ? creator.id : owner.id}\n`,
        );
      }
      if (closedAt !== null) {
        history.push(
          `${uuid()}\t${id}\t${pipeline.id}\t${pipeline.stages[last]!.id}\t${stageId}\t${group.status}\t${timestamp(times[m]!)}\t${timestamp(closedAt)}\t${owner.id}\n`,
        );
      }

      // Money: a deal amount in its currency, or the sum of its line items' totals.
      const [currency, rate, vatRate] = CURRENCIES();
      let cents: number;
      if (chance(0.1)) {
        cents = 0;
        const lines = 1 + int(3);
        for (let position = 0; position < lines; position++) {
          const product = pick(products);
          const [low, high] = product.quantity;
          const quantity = low + int(high - low + 1);
          const price = Math.round(product.cents * rate);
          const discount = DISCOUNTS();
          const net = Math.round((quantity * price * (100 - discount)) / 100);
          const vat = Math.round((net * vatRate) / 100);
          cents += net + vat;
          lineItems.push(
            `${uuid()}\t${id}\t${product.id}\t${position}\t${text(product.name)}\t${text(product.unit)}\t${quantity}\t${money(price)}\t${discount}\t${vatRate}\t` +
              `${money(net)}\t${money(vat)}\t${money(net + vat)}\n`,
          );
        }
      } else {
        const eur = Math.min(2_500_000, Math.max(150, Math.exp(Math.log(6000) + normal())));
        const units = eur * rate >= 1000 && chance(0.7) ? Math.round((eur * rate) / 100) * 100 : Math.round(eur * rate);
        cents = units * 100 + (chance(0.3) ? int(100) : 0);
      }

      // People: one or two, of the deal's company when it has any.
      if (chance(0.8)) {
        const start = company ? input.companyContactStart[companyIndex]! : 0;
        const available = company ? input.companyContactStart[companyIndex + 1]! - start : 0;
        const wanted = chance(0.3) ? 2 : 1;
        const chosen: string[] = [];
        for (let attempt = 0; chosen.length < wanted && attempt < 4; attempt++) {
          const contactId = available > 0 ? input.contactIds[input.contactsByCompany[start + int(available)]!]! : pick(input.contactIds);
          if (!chosen.includes(contactId)) chosen.push(contactId);
        }
        chosen.forEach((contactId, position) => dealContacts.push(`${id}\t${contactId}\t${position}\n`));
      }

      const updated = entered + Math.floor(random() ** 3 * (input.now - entered) * 0.5);
      const deleted = group.deleted ? updated : null;
      const sourced = chance(0.7);
      const utm = sourced && chance(0.25);
      const names = LANGUAGES[language];
      const subject = pick(DEAL_SUBJECTS[language]);
      const title = company ? `${subject} — ${company.brand}` : `${subject} · ${pick(names.cities)}`;
      const expected = chance(0.9)
        ? dateOnly(closedAt === null ? input.now + (random() * 1.5 - 0.5) * YEAR : closedAt + (random() - 0.6) * 75 * DAY)
        : null;
      const lost = group.status === 'lost';
      deals.push(
        [
          id,
          text(title),
          pipeline.id,
          stageId,
          group.status,
          timestamp(entered),
          money(cents),
          currency,
          expected ?? NULL,
          company ? company.id : NULL,
          sourced ? pick(LEAD_SOURCES) : NULL,
          utm ? pick(UTM.source) : NULL,
          utm ? pick(UTM.medium) : NULL,
          utm ? pick(UTM.campaign) : NULL,
          NULL,
          utm && chance(0.2) ? `ad${int(20)}` : NULL,
          group.status === 'won' ? timestamp(closedAt) : NULL,
          lost ? timestamp(closedAt) : NULL,
          lost ? pickReason() : NULL,
          lost && chance(0.15) ? text(pick(LOST_COMMENTS)) : NULL,
          group.status === 'open' && chance(0.4) ? text(pick(DEAL_NEXT_STEPS[language])) : NULL,
          textArray(DEAL_TAGS.filter(([, share]) => chance(share)).map(([tag]) => tag)),
          owner.id,
          creator.id,
          timestamp(created),
          timestamp(updated),
          timestamp(deleted),
          String(1 + events + int(3)),
        ].join('\t') + '\n',
      );
      if (group.pipeline === 0 && group.status === 'open' && !group.deleted) counts.boardOpen++;
      input.remember?.(i, id, owner.id, companyIndex, group.status === 'open' && !group.deleted);

      for (const stream of streams) {
        const wait = stream.flush();
        if (wait) await wait;
      }
    }
    await Promise.all(streams.map((stream) => stream.end()));
    counts.deals = deals.rows;
    counts.history = history.rows;
    counts.dealContacts = dealContacts.rows;
    counts.lineItems = lineItems.rows;
  } catch (error) {
    // A failed COPY leaves its transaction aborted: roll back so that the connection goes back clean.
    await Promise.all(clients.map((client) => client.query('ROLLBACK').catch(() => undefined)));
    throw error;
  } finally {
    for (const client of clients) client.release();
  }
  return counts;
}

/**
 * What the seed promised, checked in the database: counts, statuses, the board's open deals, and that each deal's
 * last history row is its current stage entered at `stage_entered_at`, with `from_entered_at` chained.
 */
export async function verifyDeals(pool: pg.Pool, pipeline: SeedPipeline, expected: DealSeedCounts, deep: boolean): Promise<string[]> {
  const problems: string[] = [];
  const { rows } = await pool.query<{ deals: string; history: string; board: string; statuses: Record<Status, string> }>(
    `SELECT (SELECT count(*) FROM deals) AS deals, (SELECT count(*) FROM deal_stage_history) AS history,
            (SELECT count(*) FROM deals WHERE pipeline_id = $1 AND status = 'open' AND deleted_at IS NULL) AS board,
            (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM deals GROUP BY status) s) AS statuses`,
    [pipeline.id],
  );
  const row = rows[0]!;
  if (Number(row.deals) !== expected.deals) problems.push(`deals: ${row.deals}, expected ${expected.deals}`);
  if (Number(row.history) !== expected.history) problems.push(`deal_stage_history: ${row.history}, expected ${expected.history}`);
  if (Number(row.board) !== expected.boardOpen) problems.push(`open deals on ${pipeline.name}: ${row.board}, expected ${expected.boardOpen}`);
  process.stdout.write(
    `  deals ${row.deals} (open ${row.statuses.open}, won ${row.statuses.won}, lost ${row.statuses.lost}), history ${row.history}, ` +
      `open on "${pipeline.name}" ${row.board}\n`,
  );
  if (deep) {
    const { rows: checks } = await pool.query<{ wrong_last: string; wrong_chain: string; wrong_order: string }>(
      `WITH h AS (
         SELECT deal_id, to_stage_id, changed_at, from_entered_at,
                lag(changed_at) OVER w AS previous_at, row_number() OVER (PARTITION BY deal_id ORDER BY changed_at DESC) AS from_end
         FROM deal_stage_history WINDOW w AS (PARTITION BY deal_id ORDER BY changed_at))
       SELECT count(*) FILTER (WHERE h.from_end = 1 AND (h.to_stage_id <> d.stage_id OR h.changed_at <> d.stage_entered_at)) AS wrong_last,
              count(*) FILTER (WHERE h.from_entered_at IS DISTINCT FROM h.previous_at) AS wrong_chain,
              count(*) FILTER (WHERE h.changed_at < d.created_at OR h.changed_at > d.updated_at) AS wrong_order
       FROM h JOIN deals d ON d.id = h.deal_id`,
    );
    const check = checks[0]!;
    for (const [name, count] of Object.entries(check)) if (Number(count) !== 0) problems.push(`${name}: ${count} history rows`);
    process.stdout.write(`  history checked: last row = current stage, from_entered_at chained, within created_at … updated_at\n`);
  }
  return problems;
}
