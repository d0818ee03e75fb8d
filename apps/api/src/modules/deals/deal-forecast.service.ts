import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/auth/actor.js';
import { ValidationFailedException } from '../../core/http/validation.js';
import { toScaled } from '../../core/money/money.js';
import { formatScaled, formatWeighted, STORED_SCALE } from './deal-figures.js';
import { dealConditions, SqlParams } from './deal-sql.js';
import {
  type DealForecastDto,
  type DealForecastFiguresDto,
  type DealForecastMonthDto,
  type DealForecastQueryDto,
  type DealForecastRowDto,
  MAX_FORECAST_MONTHS,
} from './dto/deal-forecast.dto.js';

interface ForecastRow {
  /** Null for deals without an expected close date. */
  month: string | null;
  group_id: string | null;
  group_name: string | null;
  currency: string;
  count: number;
  amount: string;
  /** Σ(amount × probability): exact, with the stored scale. */
  weighted: string;
}

/** Exact running figures, in units of 10^-4, until they are rounded once for the answer. */
interface Figures {
  currency: string;
  count: number;
  amount: bigint;
  weighted: bigint;
}

/** Months counted from year 0, so that ranges are plain subtraction. */
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (index: number) => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

function figures(row: Figures): DealForecastFiguresDto {
  return {
    currency: row.currency,
    count: row.count,
    amount: formatScaled(row.amount, row.currency),
    weightedAmount: formatWeighted(row.weighted, row.currency),
  };
}

function add(totals: Map<string, Figures & { month: string | null }>, key: string, month: string | null, row: ForecastRow): void {
  let total = totals.get(key);
  if (!total) totals.set(key, (total = { month, currency: row.currency, count: 0, amount: 0n, weighted: 0n }));
  total.count += row.count;
  total.amount += toScaled(row.amount, STORED_SCALE);
  total.weighted += toScaled(row.weighted, STORED_SCALE);
}

/** The second grouping, over the per-owner figures `o`: by owner, by the owner's team, or none. */
const GROUPS = {
  owner: { id: 'o.owner_id', name: 'u.name', joins: 'LEFT JOIN users u ON u.id = o.owner_id', idField: 'ownerId', nameField: 'ownerName' },
  team: {
    id: 'u.team_id',
    name: 'tm.name',
    joins: 'LEFT JOIN users u ON u.id = o.owner_id LEFT JOIN teams tm ON tm.id = u.team_id',
    idField: 'teamId',
    nameField: 'teamName',
  },
  none: { id: null, name: null, joins: '', idField: null, nameField: null },
} as const;

/**
 * What the open deals promise per month of their expected close date: counts, amounts and amounts weighted by their
 * stages' probabilities, per currency (never converted) and per owner or team, within the actor's `deal` read level.
 */
@Injectable()
export class DealForecastService {
  constructor(private readonly dataSource: DataSource) {}

  async getDealForecast(actor: Actor, query: DealForecastQueryDto): Promise<DealForecastDto> {
    const now = new Date();
    const from = query.from ?? monthOf(now.getUTCFullYear() * 12 + now.getUTCMonth());
    const to = query.to ?? monthOf(monthIndex(from) + 5);
    const span = monthIndex(to) - monthIndex(from) + 1;
    if (span < 1 || span > MAX_FORECAST_MONTHS) {
      throw new ValidationFailedException([
        {
          field: 'to',
          messages: [span < 1 ? 'to must not be before from' : `a forecast spans at most ${MAX_FORECAST_MONTHS} months`],
          codes: [span < 1 ? 'toBeforeFrom' : 'rangeTooLong'],
        },
      ]);
    }

    const group = GROUPS[query.groupBy];
    const groupColumns = group.id ? `, ${group.id}, ${group.name}` : '';
    const groupOrder = group.id ? `, ${group.name} NULLS LAST, ${group.id} NULLS LAST` : '';
    const params = new SqlParams();
    const conditions = ["d.status = 'open'", ...dealConditions(params, actor, query)];
    if (query.pipelineId) conditions.push(`d.pipeline_id = ${params.param(query.pipelineId)}`);
    const where = conditions.join(' AND ');
    const start = params.param(`${from}-01`);
    const end = params.param(`${monthOf(monthIndex(to) + 1)}-01`);
    // The deals are first summed per month, owner and currency, straight off deals_forecast_idx (two index ranges,
    // not an OR: undated deals sort last in it); names and teams join only those few sums, which are summed again.
    const rows: ForecastRow[] = await this.dataSource.query(
      `SELECT to_char(o.month, 'YYYY-MM') AS month, ${group.id ?? 'NULL'} AS group_id, ${group.name ?? 'NULL'} AS group_name, o.currency,
              CAST(sum(o.count) AS integer) AS count, sum(o.amount) AS amount, sum(o.weighted) AS weighted
       FROM (
         SELECT d.month, d.owner_id, d.currency, count(*) AS count, sum(d.amount) AS amount, sum(d.amount * s.probability) AS weighted
         FROM (
           SELECT date_trunc('month', d.expected_close_date) AS month, d.owner_id, d.stage_id, d.currency, d.amount
           FROM deals d
           WHERE ${where} AND d.expected_close_date >= CAST(${start} AS date) AND d.expected_close_date < CAST(${end} AS date)
           UNION ALL
           SELECT NULL, d.owner_id, d.stage_id, d.currency, d.amount
           FROM deals d
           WHERE ${where} AND d.expected_close_date IS NULL
         ) d
         JOIN pipeline_stages s ON s.id = d.stage_id
         GROUP BY d.month, d.owner_id, d.currency
       ) o
       ${group.joins}
       GROUP BY o.month${groupColumns}, o.currency
       ORDER BY o.month${groupOrder}, o.currency`,
      params.values,
    );

    const result: DealForecastRowDto[] = [];
    const totals = new Map<string, Figures & { month: string | null }>();
    const undated = new Map<string, Figures & { month: string | null }>();
    for (const row of rows) {
      if (row.month === null) {
        add(undated, row.currency, null, row);
        continue;
      }
      add(totals, `${row.month} ${row.currency}`, row.month, row);
      const grouped: DealForecastRowDto = {
        month: row.month,
        ...figures({ currency: row.currency, count: row.count, amount: toScaled(row.amount, STORED_SCALE), weighted: toScaled(row.weighted, STORED_SCALE) }),
      };
      if (group.idField) {
        grouped[group.idField] = row.group_id;
        grouped[group.nameField] = row.group_name;
      }
      result.push(grouped);
    }
    const byMonthAndCurrency = (a: { month: string | null; currency: string }, b: { month: string | null; currency: string }) =>
      a.month! < b.month! ? -1 : a.month! > b.month! ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0;
    return {
      from,
      to,
      groupBy: query.groupBy,
      rows: result,
      totals: [...totals.values()].sort(byMonthAndCurrency).map((total): DealForecastMonthDto => ({ month: total.month!, ...figures(total) })),
      undated: [...undated.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)).map(figures),
    };
  }
}
