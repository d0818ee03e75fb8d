import { levelFor, ownerCondition } from '../../core/access/access.js';
import type { TimelineDealDto } from '../timeline/dto/timeline.dto.js';
import type { TimelineSource } from '../timeline/timeline-source.js';
import { moneyText } from './deal-amounts.js';
import type { StageEvent } from './deal-stage-change.entity.js';

/** A stage change as jsonb; the amount is the numeric's text, made the currency's form in `detail`. */
interface DealStagePayload {
  event: StageEvent;
  dealId: string;
  title: string;
  fromStage: { id: string; name: string } | null;
  toStage: { id: string; name: string } | null;
  amount: string;
  currency: string;
}

const stage = (alias: string) => `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE jsonb_build_object('id', ${alias}.id, 'name', ${alias}.name) END`;

/**
 * The stage history of deals: on a deal's own timeline its stage changes, on a contact's those of the deals the contact
 * is on, on a company's those of its deals; always only live deals within the actor's `deal` read level. Each item
 * shows the deal as it is now (title, amount), and the stages it left and entered as they are named now.
 */
export const dealStageChanges: TimelineSource<DealStagePayload> = {
  kind: 'deal',
  idType: 'uuid',
  columns: {
    occurredAt: 'h.changed_at',
    id: 'h.id',
    actorUserId: 'h.changed_by_id',
    actorApiKeyId: 'CAST(NULL AS uuid)',
    payload:
      "jsonb_build_object('event', h.event, 'dealId', d.id, 'title', d.title, 'amount', CAST(d.amount AS text), 'currency', d.currency, " +
      `'fromStage', ${stage('from_stage')}, 'toStage', ${stage('to_stage')})`,
  },
  query: (manager, record, actor) => {
    const query = manager
      .createQueryBuilder()
      .from('deal_stage_history', 'h')
      .innerJoin('deals', 'd', 'd.id = h.deal_id AND d.deleted_at IS NULL')
      .leftJoin('pipeline_stages', 'from_stage', 'from_stage.id = h.from_stage_id')
      .leftJoin('pipeline_stages', 'to_stage', 'to_stage.id = h.to_stage_id')
      .where(ownerCondition(levelFor(actor, 'deal', 'read'), 'd.owner_id'), { accessUserId: actor.userId, accessTeamId: actor.teamId });
    switch (record.kind) {
      case 'deal':
        return query.andWhere('h.deal_id = :recordId', { recordId: record.id });
      case 'contact':
        return query.andWhere('h.deal_id IN (SELECT dc.deal_id FROM deal_contacts dc WHERE dc.contact_id = :recordId)', { recordId: record.id });
      case 'company':
        return query.andWhere('d.company_id = :recordId', { recordId: record.id });
    }
  },
  detail: (payload): { deal: TimelineDealDto } => ({ deal: { ...payload, amount: moneyText(payload.amount, payload.currency) } }),
};
