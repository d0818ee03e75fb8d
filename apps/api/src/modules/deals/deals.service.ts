import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { assertAssignableOwner, levelFor } from '../../core/access/access.js';
import { AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { ValidationFailedException } from '../../core/http/validation.js';
import { paginate, type SortableFields } from '../../core/list/cursor-list.js';
import { fitsCurrency, minorDigits } from '../../core/money/money.js';
import { applyOwnedListFilters, type RecordSelection } from '../../core/records/owned-list.js';
import { OwnedRecords } from '../../core/records/owned-records.js';
import type { CustomFieldSet } from '../custom-fields/custom-field-set.js';
import { CustomFieldsService } from '../custom-fields/custom-fields.service.js';
import type { StageKind } from '../pipelines/pipeline-stage.entity.js';
import { DealLineItemsService } from './deal-line-items.service.js';
import {
  dealColumns,
  dealSnapshot,
  loadLineItems,
  loadSummaries,
  loadTimeInStages,
  lockDeal,
  scopeOf,
} from './deal-records.js';
import { assertLostReason, recordStageChange, type TargetStage } from './deal-stages.service.js';
import { closingColumns } from './deal-stage-transition.js';
import { Deal } from './deal.entity.js';
import { DealException } from './deals.errors.js';
import { toDealLineItemDto } from './dto/deal-line-item.dto.js';
import {
  type CreateDealDto,
  type DealCompanySummaryDto,
  type DealContactSummaryDto,
  type DealDetailDto,
  type DealDto,
  type DealPageDto,
  ListDealsQueryDto,
  toDealDto,
  type UpdateDealDto,
} from './dto/deal.dto.js';

const SORTABLE: SortableFields<Deal> = {
  createdAt: { column: 'd.createdAt', cast: 'timestamptz', value: (row) => row.createdAt.toISOString() },
  updatedAt: { column: 'd.updatedAt', cast: 'timestamptz', value: (row) => row.updatedAt.toISOString() },
  title: { column: 'd.title', value: (row) => row.title },
  amount: { column: 'd.amount', cast: 'numeric', value: (row) => row.amount },
  // Deals without a date sort last ascending (first descending); the expression has its own index (migration 1764620000000).
  expectedCloseDate: {
    column: `COALESCE(d.expectedCloseDate, CAST('infinity' AS date))`,
    cast: 'date',
    value: (row) => row.expectedCloseDate ?? 'infinity',
  },
  stageEnteredAt: { column: 'd.stageEnteredAt', cast: 'timestamptz', value: (row) => row.stageEnteredAt.toISOString() },
};

/** The attribution a new deal takes from its main contact, field by field, when it is given none. */
const ATTRIBUTION = ['leadSource', 'utmSource', 'utmMedium', 'utmCampaign', 'utmTerm', 'utmContent'] as const;
type Attribution = Record<(typeof ATTRIBUTION)[number], string | null>;

/** Columns a PATCH may set, by property. */
const UPDATABLE = {
  title: 'title',
  amount: 'amount',
  currency: 'currency',
  expectedCloseDate: 'expected_close_date',
  companyId: 'company_id',
  ownerId: 'owner_id',
  tags: 'tags',
  custom: 'custom',
  nextStep: 'next_step',
  leadSource: 'lead_source',
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  utmCampaign: 'utm_campaign',
  utmTerm: 'utm_term',
  utmContent: 'utm_content',
} as const satisfies Partial<Record<keyof Deal, string>>;

type ContactRow = DealContactSummaryDto & Attribution;

function assertFitsCurrency(amount: string, currency: string, field: string): void {
  if (!fitsCurrency(amount, currency)) throw DealException.amountNotInCurrency(field, currency, minorDigits(currency));
}

/**
 * Deals: lists, reads and the writes that keep a deal's company, contacts, line items and first history row with it in
 * one transaction. Stage moves live in DealStagesService, line items in DealLineItemsService; saved segments and bulk
 * actions select deals through this service (RecordSelection).
 */
@Injectable()
export class DealsService implements RecordSelection<Deal, ListDealsQueryDto> {
  readonly records: OwnedRecords<Deal>;
  readonly listQuery = ListDealsQueryDto;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly customFields: CustomFieldsService,
    private readonly lineItems: DealLineItemsService,
  ) {
    this.records = new OwnedRecords(dataSource, audit, { entity: 'deal', target: Deal, snapshot: (deal) => dealSnapshot(deal) });
  }

  async listDeals(actor: Actor, query: ListDealsQueryDto): Promise<DealPageDto> {
    const fields = await this.customFields.fieldSet('deal');
    const deals = this.filter(this.records.query(actor, 'read', 'd', query.deleted ?? 'exclude'), query, fields);
    const page = await paginate(deals, {
      sort: fields.sortTerms(query.sort, SORTABLE, '-createdAt', 'd'),
      tieBreaker: { column: 'd.id', cast: 'uuid', value: (row) => row.id },
      limit: query.limit,
      cursor: query.cursor,
    });
    const summaries = await loadSummaries(this.dataSource.manager, page.items);
    return {
      items: page.items.map((deal, index) => toDealDto(deal, summaries[index]!.companySummary, summaries[index]!.contactSummaries)),
      nextCursor: page.nextCursor,
    };
  }

  async matching(actor: Actor, action: 'read' | 'update' | 'delete', query: ListDealsQueryDto, manager?: EntityManager): Promise<SelectQueryBuilder<Deal>> {
    const fields = await this.customFields.fieldSet('deal');
    return this.filter(this.records.query(actor, action, 'd', query.deleted ?? 'exclude', manager), query, fields);
  }

  private filter(deals: SelectQueryBuilder<Deal>, query: ListDealsQueryDto, fields: CustomFieldSet): SelectQueryBuilder<Deal> {
    applyOwnedListFilters(deals, 'd', query, { kind: 'deal' });
    fields.applyFilters(deals, 'd', query.cf);
    if (query.pipelineId?.length) deals.andWhere('d.pipelineId IN (:...pipelineIds)', { pipelineIds: query.pipelineId });
    if (query.stageId?.length) deals.andWhere('d.stageId IN (:...stageIds)', { stageIds: query.stageId });
    if (query.status?.length) deals.andWhere('d.status IN (:...statuses)', { statuses: query.status });
    if (query.companyId?.length) deals.andWhere('d.companyId IN (:...companyIds)', { companyIds: query.companyId });
    if (query.contactId?.length) {
      deals.andWhere('d.id IN (SELECT dc.deal_id FROM deal_contacts dc WHERE dc.contact_id IN (:...contactIds))', { contactIds: query.contactId });
    }
    if (query.amountMin) deals.andWhere('d.amount >= CAST(:amountMin AS numeric)', { amountMin: query.amountMin });
    if (query.amountMax) deals.andWhere('d.amount <= CAST(:amountMax AS numeric)', { amountMax: query.amountMax });
    if (query.expectedCloseFrom) deals.andWhere('d.expectedCloseDate >= CAST(:closeFrom AS date)', { closeFrom: query.expectedCloseFrom });
    if (query.expectedCloseTo) deals.andWhere('d.expectedCloseDate <= CAST(:closeTo AS date)', { closeTo: query.expectedCloseTo });
    if (query.leadSource?.length) {
      deals.andWhere('lower(d.leadSource) IN (:...leadSources)', { leadSources: query.leadSource.map((source) => source.trim().toLowerCase()) });
    }
    if (query.withoutOpenTask !== undefined) {
      // One probe of tasks_record_open_idx per deal (entity = 'deal' implies its entity IS NOT NULL predicate).
      const openTask = `SELECT 1 FROM tasks open_t WHERE open_t.entity_id = d.id AND open_t.entity = 'deal' AND open_t.status = 'open' AND open_t.deleted_at IS NULL`;
      deals.andWhere(query.withoutOpenTask ? `d.status = 'open' AND NOT EXISTS (${openTask})` : `EXISTS (${openTask})`);
    }
    return deals;
  }

  async getDeal(actor: Actor, id: string): Promise<DealDetailDto> {
    const deal = await this.records.get(actor, id);
    const manager = this.dataSource.manager;
    const [[summaries], lines, timeInStages] = await Promise.all([
      loadSummaries(manager, [deal]),
      loadLineItems(manager, id),
      loadTimeInStages(manager, deal),
    ]);
    return {
      ...toDealDto(deal, summaries!.companySummary, summaries!.contactSummaries),
      lineItems: lines.map((line) => toDealLineItemDto(line, deal.currency)),
      timeInStages,
    };
  }

  async createDeal(actor: Actor, dto: CreateDealDto): Promise<DealDetailDto> {
    const currency = dto.currency ?? this.config.defaultCurrency;
    if (dto.lineItems?.length && dto.amount !== undefined) throw DealException.amountFromLineItems();
    const amount = dto.amount ?? '0';
    assertFitsCurrency(amount, currency, 'amount');
    const stage = await this.startingStage(dto.pipelineId, dto.stageId);
    if (stage.kind === 'lost') assertLostReason('lost', dto.lostReasonId, await this.lostReasonActive(dto.lostReasonId));
    const custom = (await this.customFields.fieldSet('deal')).values(dto.custom, null);
    const closing = closingColumns(stage.kind, dto);

    return this.dataSource.transaction(async (manager) => {
      const ownerId = dto.ownerId ?? actor.userId;
      await assertAssignableOwner(manager, actor, 'deal', 'create', ownerId);
      const company = dto.companyId ? await this.readableCompany(manager, actor, dto.companyId) : null;
      const contactIds = dto.contactIds ?? [];
      const contacts = await this.readableContacts(manager, actor, contactIds);
      const main = contacts[0];
      const attribution = Object.fromEntries(ATTRIBUTION.map((field) => [field, dto[field] !== undefined ? dto[field] : (main?.[field] ?? null)])) as Attribution;
      const priced = dto.lineItems?.length ? await this.lineItems.priceLines(manager, dto.lineItems, currency, 'lineItems') : null;

      const [deal] = (await manager.query(
        `INSERT INTO deals AS d (title, pipeline_id, stage_id, status, amount, currency, expected_close_date, company_id,
           lead_source, utm_source, utm_medium, utm_campaign, utm_term, utm_content, won_at, lost_at, lost_reason_id, lost_comment,
           next_step, custom, tags, owner_id, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
           CASE WHEN $15::boolean THEN now() END, CASE WHEN $16::boolean THEN now() END, $17, $18, $19, $20, $21, $22, $23)
         RETURNING ${dealColumns(manager, 'd')}`,
        [
          dto.title,
          stage.pipelineId,
          stage.id,
          stage.kind,
          priced?.amount ?? amount,
          currency,
          dto.expectedCloseDate ?? null,
          dto.companyId ?? null,
          attribution.leadSource,
          attribution.utmSource,
          attribution.utmMedium,
          attribution.utmCampaign,
          attribution.utmTerm,
          attribution.utmContent,
          closing.wonAt !== null,
          closing.lostAt !== null,
          closing.lostReasonId,
          closing.lostComment,
          dto.nextStep ?? null,
          custom,
          dto.tags ?? [],
          ownerId,
          actor.userId,
        ],
      )) as Deal[];
      await this.storeContacts(manager, deal!.id, contactIds, false);
      const lines = priced ? await this.lineItems.storeLines(manager, deal!.id, priced.lines, false) : [];
      await recordStageChange(manager, actor, {
        dealId: deal!.id,
        pipelineId: stage.pipelineId,
        fromStageId: null,
        toStageId: stage.id,
        event: 'created',
        fromEnteredAt: null,
      });
      await this.audit.record(manager, actor, 'deal', deal!.id, 'create', {}, dealSnapshot(deal!, { contactIds, lineItems: lines }));
      return {
        ...toDealDto(deal!, company, contacts.map(({ id, fullName }) => ({ id, fullName }))),
        lineItems: lines.map((line) => toDealLineItemDto(line, currency)),
        timeInStages: [{ stageId: stage.id, seconds: 0 }],
      };
    });
  }

  /**
   * Changes any field but where the deal stands (stage, pipeline, closing), against the version the client read. The
   * amount is the line items' sum while there are any, and the currency theirs.
   */
  async updateDeal(actor: Actor, id: string, dto: UpdateDealDto, ifMatch?: number): Promise<DealDetailDto> {
    const { version = ifMatch, custom: customInput, contactIds, ...changes } = dto;
    if (version === undefined) throw RecordException.versionRequired();
    const fields = customInput !== undefined ? await this.customFields.fieldSet('deal') : null;

    return this.dataSource.transaction(async (manager) => {
      const before = await lockDeal(manager, actor, id, 'update');
      if (before.version !== version) throw RecordException.stale('deal', before.version);
      const currencyChanges = changes.currency !== undefined && changes.currency !== before.currency;
      if (changes.amount !== undefined || currencyChanges) {
        const [{ has }] = (await manager.query('SELECT EXISTS (SELECT 1 FROM deal_line_items WHERE deal_id = $1) AS has', [id])) as [{ has: boolean }];
        if (has && changes.amount !== undefined) throw DealException.amountFromLineItems();
        if (has && currencyChanges) throw DealException.currencyLockedByLineItems();
      }
      const currency = changes.currency ?? before.currency;
      if (changes.amount !== undefined) assertFitsCurrency(changes.amount, currency, 'amount');
      else if (currencyChanges) assertFitsCurrency(before.amount, currency, 'currency');
      if (changes.ownerId !== undefined && changes.ownerId !== before.ownerId) {
        // Handing a deal over needs update rights on the new owner's side too.
        if (changes.ownerId === null) throw RecordException.ownerNotAllowed('deal');
        await assertAssignableOwner(manager, actor, 'deal', 'update', changes.ownerId);
      }
      let company = before.companySummary;
      if (changes.companyId !== undefined && changes.companyId !== before.companyId) {
        company = changes.companyId === null ? null : await this.readableCompany(manager, actor, changes.companyId);
      }
      let contacts = before.contactSummaries;
      if (contactIds !== undefined) {
        contacts = (await this.readableContacts(manager, actor, contactIds)).map(({ id: contactId, fullName }) => ({ id: contactId, fullName }));
        await this.storeContacts(manager, id, contactIds, true);
      }

      const values: Partial<Record<keyof typeof UPDATABLE, unknown>> = { ...changes };
      if (fields) values.custom = fields.values(customInput, before.custom);
      const assignments: string[] = [];
      const params: unknown[] = [id];
      for (const [property, column] of Object.entries(UPDATABLE) as [keyof typeof UPDATABLE, string][]) {
        if (values[property] === undefined) continue;
        params.push(values[property]);
        assignments.push(`${column} = $${params.length}`);
      }
      const [rows] = (await manager.query(
        `UPDATE deals d SET ${[...assignments, 'version = d.version + 1', 'updated_at = now()'].join(', ')} WHERE d.id = $1
         RETURNING ${dealColumns(manager, 'd')}`,
        params,
      )) as [Deal[], number];
      const after = rows[0]!;
      const contactIdsBefore = contactIds !== undefined ? before.contactSummaries.map((contact) => contact.id) : undefined;
      await this.audit.record(
        manager,
        actor,
        'deal',
        id,
        'update',
        dealSnapshot(before, { contactIds: contactIdsBefore }),
        dealSnapshot(after, { contactIds }),
      );
      const [lines, timeInStages] = await Promise.all([loadLineItems(manager, id), loadTimeInStages(manager, after)]);
      return {
        ...toDealDto(after, company, contacts),
        lineItems: lines.map((line) => toDealLineItemDto(line, after.currency)),
        timeInStages,
      };
    });
  }

  async deleteDeal(actor: Actor, id: string, ifMatch?: number): Promise<void> {
    await this.records.softDelete(actor, id, ifMatch);
  }

  async restoreDeal(actor: Actor, id: string): Promise<DealDto> {
    const deal = await this.records.restore(actor, id);
    const [summaries] = await loadSummaries(this.dataSource.manager, [deal]);
    return toDealDto(deal, summaries!.companySummary, summaries!.contactSummaries);
  }

  /**
   * Where a new deal starts: the stage given (which must belong to the pipeline, if one is given too), or the first open
   * stage of the pipeline given or else of the first pipeline.
   */
  private async startingStage(pipelineId: string | undefined, stageId: string | undefined): Promise<TargetStage> {
    if (stageId) {
      const [stage] = (await this.dataSource.query('SELECT id, pipeline_id AS "pipelineId", kind FROM pipeline_stages WHERE id = $1', [
        stageId,
      ])) as TargetStage[];
      if (!stage) throw RecordException.referenceNotFound('stageId');
      if (pipelineId && stage.pipelineId !== pipelineId) throw DealException.stageNotInPipeline();
      return stage;
    }
    const [pipeline] = (await this.dataSource.query(
      `SELECT p.id AS "pipelineId", s.id AS "stageId" FROM pipelines p
         LEFT JOIN LATERAL (SELECT id FROM pipeline_stages WHERE pipeline_id = p.id AND kind = 'open' ORDER BY position, id LIMIT 1) s ON true
        WHERE $1::uuid IS NULL OR p.id = $1 ORDER BY p.position, p.id LIMIT 1`,
      [pipelineId ?? null],
    )) as { pipelineId: string; stageId: string | null }[];
    if (!pipeline) throw pipelineId ? RecordException.referenceNotFound('pipelineId') : DealException.noPipeline();
    if (!pipeline.stageId) throw DealException.noOpenStage();
    return { id: pipeline.stageId, pipelineId: pipeline.pipelineId, kind: 'open' as StageKind };
  }

  private async lostReasonActive(lostReasonId: string | undefined): Promise<boolean | null> {
    if (!lostReasonId) return null;
    const [row] = (await this.dataSource.query('SELECT active FROM lost_reasons WHERE id = $1', [lostReasonId])) as { active: boolean }[];
    return row?.active ?? null;
  }

  /** The company if the actor may read it, share-locked so that it is not trashed meanwhile; 400 otherwise. */
  private async readableCompany(manager: EntityManager, actor: Actor, companyId: string): Promise<DealCompanySummaryDto> {
    const level = levelFor(actor, 'company', 'read');
    if (level === 'none') throw RecordException.referenceNotFound('companyId');
    const scope = scopeOf(actor, level, 1, 'co.owner_id');
    const [company] = (await manager.query(
      `SELECT co.id, co.name FROM companies co WHERE co.id = $1 AND co.deleted_at IS NULL AND ${scope.sql} FOR SHARE`,
      [companyId, ...scope.params],
    )) as DealCompanySummaryDto[];
    if (!company) throw RecordException.referenceNotFound('companyId');
    return company;
  }

  /** The contacts in the order given, if the actor may read each of them (share-locked); 400 naming the first that fails. */
  private async readableContacts(manager: EntityManager, actor: Actor, contactIds: string[]): Promise<ContactRow[]> {
    if (!contactIds.length) return [];
    const level = levelFor(actor, 'contact', 'read');
    if (level === 'none') throw RecordException.referenceNotFound('contactIds[0]');
    const scope = scopeOf(actor, level, 1, 'c.owner_id');
    const rows = (await manager.query(
      `SELECT c.id, c.full_name AS "fullName", c.lead_source AS "leadSource", c.utm_source AS "utmSource", c.utm_medium AS "utmMedium",
              c.utm_campaign AS "utmCampaign", c.utm_term AS "utmTerm", c.utm_content AS "utmContent"
         FROM contacts c WHERE c.id = ANY($1) AND c.deleted_at IS NULL AND ${scope.sql} FOR SHARE`,
      [contactIds, ...scope.params],
    )) as ContactRow[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    const missing = contactIds.findIndex((contactId) => !byId.has(contactId));
    if (missing >= 0) throw RecordException.referenceNotFound(`contactIds[${missing}]`);
    return contactIds.map((contactId) => byId.get(contactId)!);
  }

  private async storeContacts(manager: EntityManager, dealId: string, contactIds: string[], replace: boolean): Promise<void> {
    if (replace) await manager.query('DELETE FROM deal_contacts WHERE deal_id = $1', [dealId]);
    if (!contactIds.length) return;
    await manager.query(
      'INSERT INTO deal_contacts (deal_id, contact_id, position) SELECT $1, t.id, t.ord - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, ord)',
      [dealId, contactIds],
    );
  }
}
