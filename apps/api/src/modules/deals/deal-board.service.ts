import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/auth/actor.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { decodeCursor, encodeCursor, ListException } from '../../core/list/cursor-list.js';
import { toScaled } from '../../core/money/money.js';
import type { StageKind } from '../pipelines/pipeline-stage.entity.js';
import { moneyText } from './deal-amounts.js';
import { formatScaled, STORED_SCALE } from './deal-figures.js';
import { dealConditions, ownerScope, SqlParams } from './deal-sql.js';
import type {
  DealBoardDto,
  DealBoardQueryDto,
  DealBoardStageDto,
  DealBoardStagePageDto,
  DealBoardStageQueryDto,
  DealCardDto,
} from './dto/deal-board.dto.js';

/** A stage of the pipeline with one currency's count and sum; a stage without deals comes once, with nulls. */
interface StageSumRow {
  pipeline_name: string;
  id: string | null;
  name: string;
  color: string;
  probability: number;
  kind: StageKind;
  position: number;
  currency: string | null;
  count: number | null;
  amount: string | null;
}

interface CardRow {
  stage_id: string;
  id: string | null;
  title: string;
  amount: string;
  currency: string;
  status: StageKind;
  stage_entered_at: string;
  expected_close_date: string | null;
  version: number;
  owner_id: string | null;
  owner_name: string | null;
  company_id: string | null;
  company_name: string;
  contact_id: string | null;
  contact_name: string;
  tags: string[];
  next_task_due_at: string | null;
  overdue: boolean;
  without_task: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Timestamps leave PostgreSQL as the JSON text they become, so no Date is parsed and formatted again per card. */
const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Open stages show every deal; won and lost ones only those that entered them lately (keeps the index range short). */
const since = (days: string) => `(CASE WHEN s.kind = 'open' THEN CAST('-infinity' AS timestamptz) ELSE now() - make_interval(days => ${days}) END)`;

const cursorSignature = (stageId: string) => `board:${stageId}`;

function invalidCursor(): ListException {
  return new ListException('invalid_cursor', 'The cursor is malformed or belongs to another stage or list.', {
    errors: [{ field: 'cursor', messages: ['cursor is not valid for this stage'] }],
  });
}

function readCursor(cursor: string, stageId: string): [string, string] {
  const [enteredAt, id] = decodeCursor(cursor, cursorSignature(stageId), 2);
  if (typeof enteredAt !== 'string' || !ISO_MILLIS.test(enteredAt) || Number.isNaN(Date.parse(enteredAt))) throw invalidCursor();
  if (typeof id !== 'string' || !UUID.test(id)) throw invalidCursor();
  return [enteredAt, id];
}

function toCard(row: CardRow): DealCardDto {
  return {
    id: row.id!,
    title: row.title,
    amount: moneyText(row.amount, row.currency),
    currency: row.currency,
    status: row.status,
    stageId: row.stage_id,
    stageEnteredAt: row.stage_entered_at,
    expectedCloseDate: row.expected_close_date,
    version: row.version,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    company: row.company_id === null ? null : { id: row.company_id, name: row.company_name },
    contact: row.contact_id === null ? null : { id: row.contact_id, fullName: row.contact_name },
    tags: row.tags,
    nextTaskDueAt: row.next_task_due_at,
    overdue: row.overdue,
    withoutTask: row.without_task,
  };
}

/**
 * The deal board of a pipeline: per stage the count and sums of the deals the actor may read, and the newest
 * arrivals as cards. Two statements whatever the number of stages, both walking deals_board_idx per stage
 * (stage_id, stage_entered_at DESC, id DESC): the sums read only the index (amount, currency and owner are included);
 * the cards are picked from the index too, `perStage + 1` per stage, before their rows are read. Won and lost columns
 * start at now - closedWithinDays, an index bound. Each card's next task (the deal's earliest open one) is one probe of
 * tasks_record_open_idx, read from the index alone: the link is matched on entity_id only, since record ids are random
 * UUIDs that no contact or company shares with a deal. Rows map straight to the answer, without entities.
 */
@Injectable()
export class DealBoardService {
  constructor(private readonly dataSource: DataSource) {}

  async getDealBoard(actor: Actor, pipelineId: string, query: DealBoardQueryDto): Promise<DealBoardDto> {
    const sums = new SqlParams();
    const pipeline = sums.param(pipelineId);
    const days = sums.param(query.closedWithinDays);
    const sumConditions = dealConditions(sums, actor, query).join(' AND ');
    const stageRows: StageSumRow[] = await this.dataSource.query(
      `SELECT p.name AS pipeline_name, s.id, s.name, s.color, s.probability, s.kind, s.position, a.currency, a.count, a.amount
       FROM pipelines p
       LEFT JOIN pipeline_stages s ON s.pipeline_id = p.id
       LEFT JOIN LATERAL (
         SELECT d.currency, CAST(count(*) AS integer) AS count, sum(d.amount) AS amount
         FROM deals d
         WHERE d.stage_id = s.id AND d.stage_entered_at >= ${since(days)} AND ${sumConditions}
         GROUP BY d.currency
       ) a ON true
       WHERE p.id = ${pipeline}
       ORDER BY s.position, s.id, a.currency`,
      sums.values,
    );
    if (!stageRows.length) throw RecordException.notFound('pipeline');

    const stages: DealBoardStageDto[] = [];
    const byId = new Map<string, DealBoardStageDto>();
    for (const row of stageRows) {
      if (row.id === null) continue;
      let stage = byId.get(row.id);
      if (!stage) {
        stage = {
          id: row.id,
          name: row.name,
          color: row.color,
          probability: row.probability,
          kind: row.kind,
          position: row.position,
          count: 0,
          sums: [],
          items: [],
          nextCursor: null,
        };
        byId.set(row.id, stage);
        stages.push(stage);
      }
      if (row.currency !== null) {
        stage.count += row.count!;
        stage.sums.push({ currency: row.currency, amount: formatScaled(toScaled(row.amount!, STORED_SCALE), row.currency) });
      }
    }

    if (stages.some((stage) => stage.count > 0)) {
      const cardRows = await this.cards(actor, query, { pipelineId });
      for (const row of cardRows) {
        const stage = byId.get(row.stage_id)!;
        if (stage.items.length < query.perStage) stage.items.push(toCard(row));
        else stage.nextCursor = encodeCursor(cursorSignature(stage.id), [stage.items.at(-1)!.stageEnteredAt, stage.items.at(-1)!.id]);
      }
    }
    return { pipeline: { id: pipelineId, name: stageRows[0]!.pipeline_name }, stages };
  }

  async listDealBoardStage(actor: Actor, pipelineId: string, stageId: string, query: DealBoardStageQueryDto): Promise<DealBoardStagePageDto> {
    const after = query.cursor ? readCursor(query.cursor, stageId) : null;
    const rows = await this.cards(actor, query, { pipelineId, stageId, after });
    // A stage without (more) cards still answers one row with a null deal; no row means no such stage.
    if (!rows.length) throw RecordException.notFound('pipeline stage');
    const items = rows[0]!.id === null ? [] : rows.slice(0, query.perStage).map(toCard);
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > query.perStage && last ? encodeCursor(cursorSignature(stageId), [last.stageEnteredAt, last.id]) : null,
    };
  }

  /**
   * The first `perStage + 1` cards of each stage of the pipeline, or of one stage after the cursor's card, in board
   * order. The names shown on a card (company, main contact) are those the actor may read.
   */
  private cards(
    actor: Actor,
    query: DealBoardQueryDto,
    where: { pipelineId: string; stageId?: string; after?: [string, string] | null },
  ): Promise<CardRow[]> {
    const params = new SqlParams();
    let stages = `s.pipeline_id = ${params.param(where.pipelineId)}`;
    if (where.stageId) stages += ` AND s.id = ${params.param(where.stageId)}`;
    const days = params.param(query.closedWithinDays);
    const conditions = dealConditions(params, actor, query);
    if (where.after) {
      const [enteredAt, id] = where.after;
      conditions.push(`(d.stage_entered_at, d.id) < (CAST(${params.param(enteredAt)} AS timestamptz), CAST(${params.param(id)} AS uuid))`);
    }
    const companyScope = ownerScope(params, actor, 'company', 'read', 'co.owner_id');
    const contactScope = ownerScope(params, actor, 'contact', 'read', 'c.owner_id');
    // One stage answers a row even without cards (a null deal), which tells an empty page from a missing stage.
    const join = where.stageId ? 'LEFT JOIN LATERAL' : 'CROSS JOIN LATERAL';
    // The cards are picked from deals_board_idx alone (index-only, the level and owner filters included), and only
    // the picked ones are read from the table: a rep's first cards may lie far down a stage's index range.
    return this.dataSource.query(
      `SELECT s.id AS stage_id, deal.id, deal.title, deal.amount, deal.currency, deal.status,
              ${ISO('deal.stage_entered_at')} AS stage_entered_at, to_char(deal.expected_close_date, 'YYYY-MM-DD') AS expected_close_date,
              deal.version, deal.owner_id, u.name AS owner_name, co.id AS company_id, co.name AS company_name,
              c.id AS contact_id, c.full_name AS contact_name, deal.tags,
              ${ISO('next_task.due_at')} AS next_task_due_at, coalesce(next_task.due_at < now(), false) AS overdue,
              deal.status = 'open' AND next_task.entity_id IS NULL AS without_task
       FROM pipeline_stages s
       ${join} (
         SELECT d.id, d.stage_entered_at
         FROM deals d
         WHERE d.stage_id = s.id AND d.stage_entered_at >= ${since(days)} AND ${conditions.join(' AND ')}
         ORDER BY d.stage_entered_at DESC, d.id DESC
         LIMIT ${params.param(query.perStage + 1)}
       ) picked ${join === 'LEFT JOIN LATERAL' ? 'ON true' : ''}
       LEFT JOIN deals deal ON deal.id = picked.id
       LEFT JOIN users u ON u.id = deal.owner_id
       LEFT JOIN companies co ON co.id = deal.company_id AND co.deleted_at IS NULL${companyScope ? ` AND ${companyScope}` : ''}
       LEFT JOIN LATERAL (
         SELECT dc.contact_id FROM deal_contacts dc WHERE dc.deal_id = deal.id ORDER BY dc.position, dc.contact_id LIMIT 1
       ) main ON true
       LEFT JOIN contacts c ON c.id = main.contact_id AND c.deleted_at IS NULL${contactScope ? ` AND ${contactScope}` : ''}
       LEFT JOIN LATERAL (
         SELECT t.entity_id, t.due_at FROM tasks t
         WHERE t.entity_id = deal.id AND t.status = 'open' AND t.deleted_at IS NULL AND t.entity IS NOT NULL
         ORDER BY t.due_at, t.id LIMIT 1
       ) next_task ON true
       WHERE ${stages}
       ORDER BY s.position, s.id, picked.stage_entered_at DESC, picked.id DESC`,
      params.values,
    );
  }
}
