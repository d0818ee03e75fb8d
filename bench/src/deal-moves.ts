/**
 * The stage-move workload: every request moves a different open deal between the first two open stages of its
 * pipeline, with the version it has. The runner reads a pool of open deals per server (the two pools are disjoint,
 * so the servers never race for a version), and each pool predicts the next version of the deals it sent: a move
 * answered with anything but 2xx counts as a failure anyway. Before each run the pool reads the deals' stages and
 * versions again, so that requests cut off at the end of the previous run cannot leave a stale version behind.
 */
import type pg from 'pg';

export interface MovableDeal {
  id: string;
  stageId: string;
  version: number;
}

/** What the runner hands autocannon for each request. */
export interface WriteRequest {
  method: 'POST';
  path: string;
  body: string;
}

export class MovePool {
  private cursor = 0;

  constructor(
    readonly deals: MovableDeal[],
    /** The stage each open stage's deals are moved to: the first open stage to the second, any other to the first. */
    readonly partner: Map<string, string>,
  ) {
    if (!deals.length) throw new Error('A move pool needs deals');
  }

  /** The next deal's move, its stage and version advanced as the move will leave them. */
  next(): WriteRequest {
    const deal = this.deals[this.cursor++ % this.deals.length]!;
    const stageId = this.partner.get(deal.stageId)!;
    const body = `{"stageId":"${stageId}","version":${deal.version}}`;
    deal.stageId = stageId;
    deal.version++;
    return { method: 'POST', path: `/api/v1/deals/${deal.id}/stage`, body };
  }

  /** Reads the stages and versions as they are now (after a short pause for answers still on their way). */
  async sync(db: pg.Client): Promise<void> {
    await new Promise((resolveWait) => setTimeout(resolveWait, 500));
    const { rows } = await db.query<MovableDeal>(`SELECT id, stage_id AS "stageId", version FROM deals WHERE id = ANY($1)`, [this.deals.map((deal) => deal.id)]);
    const now = new Map(rows.map((row) => [row.id, row]));
    for (const deal of this.deals) {
      const row = now.get(deal.id);
      if (!row || !this.partner.has(row.stageId)) throw new Error(`Deal ${deal.id} is no longer in an open stage of the move pool`);
      deal.stageId = row.stageId;
      deal.version = row.version;
    }
  }
}

export interface MoveFixtures {
  /** Two deals for the API's trace (a warm-up move, then the traced one); the traced one is reset and moved again by the baseline. */
  trace: MovableDeal[];
  api: MovePool;
  raw: MovePool;
}

/**
 * Open, live deals of `ownerId` (or of everyone else, `others`) outside the board's pipeline, split between the
 * trace and the two servers. Only deals in the first two open stages of their pipeline, or moved there by earlier
 * runs, are taken, so that the moves do not change the measured board.
 */
export async function loadMovePools(db: pg.Client, boardPipelineId: string, owner: { userId: string; others: boolean }, limit: number): Promise<MoveFixtures | null> {
  const { rows: stages } = await db.query<{ id: string; pipeline_id: string; rank: string }>(
    `SELECT id, pipeline_id, rank FROM (
       SELECT id, pipeline_id, row_number() OVER (PARTITION BY pipeline_id ORDER BY position, id) AS rank
       FROM pipeline_stages WHERE kind = 'open' AND pipeline_id <> $1) s
     WHERE rank <= 2`,
    [boardPipelineId],
  );
  const first = new Map<string, string>();
  const second = new Map<string, string>();
  for (const stage of stages) (stage.rank === '1' ? first : second).set(stage.pipeline_id, stage.id);
  const partner = new Map<string, string>();
  for (const [pipelineId, stageId] of first) {
    const other = second.get(pipelineId);
    if (!other) continue;
    partner.set(stageId, other);
    partner.set(other, stageId);
  }
  const { rows } = await db.query<MovableDeal>(
    `SELECT id, stage_id AS "stageId", version FROM deals
     WHERE stage_id = ANY($1) AND deleted_at IS NULL AND ${owner.others ? 'owner_id <> $2' : 'owner_id = $2'}
     ORDER BY id LIMIT $3`,
    [[...partner.keys()], owner.userId, limit],
  );
  if (rows.length < 100) return null;
  const trace = rows.slice(0, 2);
  const rest = rows.slice(2);
  return {
    trace,
    api: new MovePool(rest.filter((_, index) => index % 2 === 0), partner),
    raw: new MovePool(rest.filter((_, index) => index % 2 === 1), partner),
  };
}

/** The one move of a traced deal (the deal itself is left as it is). */
export function moveOf(pool: MovePool, deal: MovableDeal): WriteRequest {
  return new MovePool([{ ...deal }], pool.partner).next();
}

const MOVE_COLUMNS = ['stage_id', 'pipeline_id', 'status', 'stage_entered_at', 'won_at', 'lost_at', 'lost_reason_id', 'lost_comment', 'version', 'updated_at'];

/** What a move changes in the deal row, to put it back afterwards. */
export async function dealState(db: pg.Client, id: string): Promise<Record<string, unknown>> {
  const { rows } = await db.query<{ state: Record<string, unknown> }>(`SELECT jsonb_build_object(${MOVE_COLUMNS.map((c) => `'${c}', ${c}`).join(', ')}) AS state FROM deals WHERE id = $1`, [id]);
  return rows[0]!.state;
}

/** Puts the deal back as `state` had it, and removes the history and audit rows written for it since `since`. */
export async function resetDeal(db: pg.Client, id: string, state: Record<string, unknown>, since: Date): Promise<void> {
  await db.query('BEGIN');
  try {
    await db.query(
      `UPDATE deals d SET (${MOVE_COLUMNS.join(', ')}) = (SELECT ${MOVE_COLUMNS.map((c) => `r.${c}`).join(', ')} FROM jsonb_populate_record(NULL::deals, $2) r) WHERE d.id = $1`,
      [id, JSON.stringify(state)],
    );
    await db.query('DELETE FROM deal_stage_history WHERE deal_id = $1 AND changed_at >= $2', [id, since]);
    await db.query(`DELETE FROM audit_log WHERE entity = 'deal' AND entity_id = $1 AND created_at >= $2`, [id, since]);
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}

/** The history and audit rows a move wrote for the deal since `since`, without their ids. */
export async function writtenRows(db: pg.Client, id: string, since: Date): Promise<unknown> {
  const history = await db.query(
    `SELECT deal_id, pipeline_id, from_stage_id, to_stage_id, event, from_entered_at, changed_at, changed_by_id
     FROM deal_stage_history WHERE deal_id = $1 AND changed_at >= $2 ORDER BY changed_at, id`,
    [id, since],
  );
  const audit = await db.query(
    `SELECT entity, entity_id, action, actor_user_id, actor_api_key_id, changes, request_id, created_at
     FROM audit_log WHERE entity = 'deal' AND entity_id = $1 AND created_at >= $2 ORDER BY id`,
    [id, since],
  );
  return { history: history.rows, audit: audit.rows };
}

const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;

/**
 * `text` with what differs between two equal moves made at different moments masked: timestamps from `since` on
 * (now() of the move: updatedAt, stageEnteredAt, changed_at, created_at) and the request ids.
 */
export function maskFresh(text: string, since: number, requestIds: string[]): string {
  let masked = text;
  for (const id of requestIds) if (id) masked = masked.split(id).join('<request-id>');
  return masked.replace(ISO_TIME, (iso) => (Date.parse(iso) >= since ? '<now>' : iso));
}
