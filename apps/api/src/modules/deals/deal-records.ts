import type { Level } from '@crm/permissions';
import type { EntityManager } from 'typeorm';
import { levelFor, ownerCondition } from '../../core/access/access.js';
import type { AuditSnapshot } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { columnSelections } from '../../core/database/plain-rows.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { auditedCustomValues } from '../custom-fields/custom-field-values.js';
import { decimalText, moneyText } from './deal-amounts.js';
import type { DealLineItem } from './deal-line-item.entity.js';
import { Deal } from './deal.entity.js';
import type { DealCompanySummaryDto, DealContactSummaryDto } from './dto/deal.dto.js';

/**
 * Hand-written statements on deals for the write paths that must stay lean (a stage move is a benchmarked hot path):
 * rows are read as plain columns, the way `OwnedRecords.get` reads them, and everything a write needs besides the
 * deal comes along in the statement that locks it.
 */

/** What the audit log keeps of a deal; a write that changes its contacts or lines adds those. */
export function dealSnapshot(deal: Deal, extra: { contactIds?: string[]; lineItems?: DealLineItem[] } = {}): AuditSnapshot {
  const snapshot: AuditSnapshot = {
    title: deal.title,
    pipelineId: deal.pipelineId,
    stageId: deal.stageId,
    status: deal.status,
    amount: moneyText(deal.amount, deal.currency),
    currency: deal.currency,
    expectedCloseDate: deal.expectedCloseDate,
    companyId: deal.companyId,
    ownerId: deal.ownerId,
    tags: deal.tags,
    leadSource: deal.leadSource,
    utmSource: deal.utmSource,
    utmMedium: deal.utmMedium,
    utmCampaign: deal.utmCampaign,
    utmTerm: deal.utmTerm,
    utmContent: deal.utmContent,
    wonAt: deal.wonAt,
    lostAt: deal.lostAt,
    lostReasonId: deal.lostReasonId,
    lostComment: deal.lostComment,
    nextStep: deal.nextStep,
    ...auditedCustomValues(deal.custom),
  };
  if (extra.contactIds) snapshot.contactIds = extra.contactIds;
  if (extra.lineItems) {
    snapshot.lineItems = extra.lineItems.map((line) => ({
      productId: line.productId,
      name: line.name,
      unit: line.unit,
      quantity: decimalText(line.quantity),
      price: moneyText(line.price, deal.currency),
      discountPercent: decimalText(line.discountPercent),
      vatRate: decimalText(line.vatRate),
      totalAmount: moneyText(line.totalAmount, deal.currency),
    }));
  }
  return snapshot;
}

/** `"alias"."column" AS "property"` for every column of a deal, as `Deal` rows are read. */
export function dealColumns(manager: EntityManager, alias: string): string {
  return columnSelections(manager.connection.getMetadata(Deal), alias)
    .map((column) => `${column.selection} AS "${column.alias}"`)
    .join(', ');
}

/** The company and contacts of a deal, as one row of the statement selecting the deal (alias `d`). */
export const SUMMARY_SELECTIONS = `
  (SELECT json_build_object('id', co.id, 'name', co.name) FROM companies co WHERE co.id = d.company_id) AS "companySummary",
  (SELECT coalesce(json_agg(json_build_object('id', c.id, 'fullName', c.full_name) ORDER BY dc.position), '[]')
     FROM deal_contacts dc JOIN contacts c ON c.id = dc.contact_id WHERE dc.deal_id = d.id) AS "contactSummaries"`;

export interface DealSummaries {
  companySummary: DealCompanySummaryDto | null;
  contactSummaries: DealContactSummaryDto[];
}

/** The scope condition of `level` on `ownerColumn` with the user and team as `$n` after `taken` parameters, and those values. */
export function scopeOf(actor: Actor, level: Exclude<Level, 'none'>, taken: number, ownerColumn = 'd.owner_id'): { sql: string; params: unknown[] } {
  const sql = ownerCondition(level, ownerColumn, { userId: `$${taken + 1}`, teamId: `$${taken + 2}` });
  const params = level === 'all' ? [] : level === 'own' ? [actor.userId] : [actor.userId, actor.teamId];
  return { sql, params };
}

/** The level of `action` on deals, 404 when it is none (the guard lets only roles with some level through). */
export function dealLevel(actor: Actor, action: 'read' | 'update' | 'delete'): Exclude<Level, 'none'> {
  const level = levelFor(actor, 'deal', action);
  if (level === 'none') throw RecordException.notFound('deal');
  return level;
}

const lockStatements = new Map<string, string>();

/**
 * Locks a live deal within the actor's `action` level for the rest of the transaction (SELECT … FOR UPDATE), with
 * its company and contacts; 404 when it is missing, trashed or out of reach.
 */
export async function lockDeal(manager: EntityManager, actor: Actor, id: string, action: 'update' | 'delete'): Promise<Deal & DealSummaries> {
  const level = dealLevel(actor, action);
  let sql = lockStatements.get(level);
  const scope = scopeOf(actor, level, 1);
  if (!sql) {
    sql = `SELECT ${dealColumns(manager, 'd')}, ${SUMMARY_SELECTIONS}
      FROM deals d WHERE d.id = $1 AND d.deleted_at IS NULL AND ${scope.sql} FOR UPDATE OF d`;
    lockStatements.set(level, sql);
  }
  const rows = (await manager.query(sql, [id, ...scope.params])) as (Deal & DealSummaries)[];
  if (!rows[0]) throw RecordException.notFound('deal');
  return rows[0];
}

/** 404 unless the live deal is within the actor's read level. */
export async function assertDealReadable(manager: EntityManager, actor: Actor, id: string): Promise<void> {
  const scope = scopeOf(actor, dealLevel(actor, 'read'), 1);
  const rows = (await manager.query(`SELECT 1 FROM deals d WHERE d.id = $1 AND d.deleted_at IS NULL AND ${scope.sql}`, [id, ...scope.params])) as unknown[];
  if (!rows.length) throw RecordException.notFound('deal');
}

/** The company and contacts of each deal, in two statements for the whole page. */
export async function loadSummaries(manager: EntityManager, deals: Pick<Deal, 'id' | 'companyId'>[]): Promise<DealSummaries[]> {
  if (!deals.length) return [];
  const companyIds = [...new Set(deals.map((deal) => deal.companyId).filter((id): id is string => id !== null))];
  const [companies, contacts] = await Promise.all([
    companyIds.length
      ? (manager.query('SELECT id, name FROM companies WHERE id = ANY($1)', [companyIds]) as Promise<DealCompanySummaryDto[]>)
      : Promise.resolve([]),
    manager.query(
      `SELECT dc.deal_id AS "dealId", c.id, c.full_name AS "fullName"
         FROM deal_contacts dc JOIN contacts c ON c.id = dc.contact_id
        WHERE dc.deal_id = ANY($1) ORDER BY dc.deal_id, dc.position`,
      [deals.map((deal) => deal.id)],
    ) as Promise<(DealContactSummaryDto & { dealId: string })[]>,
  ]);
  const companyById = new Map(companies.map((company) => [company.id, company]));
  const contactsByDeal = new Map<string, DealContactSummaryDto[]>();
  for (const { dealId, id, fullName } of contacts) {
    let list = contactsByDeal.get(dealId);
    if (!list) contactsByDeal.set(dealId, (list = []));
    list.push({ id, fullName });
  }
  return deals.map((deal) => ({
    companySummary: deal.companyId ? (companyById.get(deal.companyId) ?? null) : null,
    contactSummaries: contactsByDeal.get(deal.id) ?? [],
  }));
}

/** A deal's line items in order. */
export async function loadLineItems(manager: EntityManager, dealId: string): Promise<DealLineItem[]> {
  return manager.query(
    `SELECT id, deal_id AS "dealId", product_id AS "productId", position, name, unit, quantity, price,
            discount_percent AS "discountPercent", vat_rate AS "vatRate", net_amount AS "netAmount",
            vat_amount AS "vatAmount", total_amount AS "totalAmount"
       FROM deal_line_items WHERE deal_id = $1 ORDER BY position, id`,
    [dealId],
  ) as Promise<DealLineItem[]>;
}

/**
 * Whole seconds spent per stage: each finished stay from the history (changed_at − from_entered_at), and the
 * current stage from `stageEnteredAt` up to now; in the order of the pipelines and their stages.
 */
export async function loadTimeInStages(
  manager: EntityManager,
  deal: Pick<Deal, 'id' | 'stageId' | 'stageEnteredAt'>,
): Promise<{ stageId: string; seconds: number }[]> {
  return manager.query(
    `SELECT t.stage_id AS "stageId", floor(sum(greatest(t.seconds, 0)))::int AS seconds
       FROM (SELECT h.from_stage_id AS stage_id, extract(epoch FROM h.changed_at - h.from_entered_at) AS seconds
               FROM deal_stage_history h
              WHERE h.deal_id = $1 AND h.from_stage_id IS NOT NULL AND h.from_entered_at IS NOT NULL
             UNION ALL
             SELECT $2::uuid, extract(epoch FROM now() - $3::timestamptz)) t
       LEFT JOIN pipeline_stages s ON s.id = t.stage_id
       LEFT JOIN pipelines p ON p.id = s.pipeline_id
      GROUP BY t.stage_id, p.position, s.position
      ORDER BY p.position, s.position, t.stage_id`,
    [deal.id, deal.stageId, deal.stageEnteredAt],
  ) as Promise<{ stageId: string; seconds: number }[]>;
}
