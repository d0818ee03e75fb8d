import { Column, Entity } from 'typeorm';
import { OwnedRecord } from '../../core/records/owned-record.entity.js';
import type { CustomValues } from '../custom-fields/custom-field-values.js';
import type { StageKind } from '../pipelines/pipeline-stage.entity.js';

/**
 * A potential sale moving through a pipeline. `status` repeats the kind of its stage; `stageEnteredAt` is when it
 * entered the current stage (the board's order, and the start of the time spent there).
 */
@Entity({ name: 'deals' })
export class Deal extends OwnedRecord {
  @Column({ type: 'varchar' })
  title: string;

  @Column({ name: 'pipeline_id', type: 'uuid' })
  pipelineId: string;

  @Column({ name: 'stage_id', type: 'uuid' })
  stageId: string;

  @Column({ type: 'varchar' })
  status: StageKind;

  @Column({ name: 'stage_entered_at', type: 'timestamptz' })
  stageEnteredAt: Date;

  /** Decimal string; the sum of the line items' totals when the deal has any. */
  @Column({ type: 'numeric' })
  amount: string;

  /** ISO 4217. */
  @Column({ type: 'char' })
  currency: string;

  /** `YYYY-MM-DD`. */
  @Column({ name: 'expected_close_date', type: 'date', nullable: true })
  expectedCloseDate: string | null;

  @Column({ name: 'company_id', type: 'uuid', nullable: true })
  companyId: string | null;

  @Column({ name: 'lead_source', type: 'varchar', nullable: true })
  leadSource: string | null;

  @Column({ name: 'utm_source', type: 'varchar', nullable: true })
  utmSource: string | null;

  @Column({ name: 'utm_medium', type: 'varchar', nullable: true })
  utmMedium: string | null;

  @Column({ name: 'utm_campaign', type: 'varchar', nullable: true })
  utmCampaign: string | null;

  @Column({ name: 'utm_term', type: 'varchar', nullable: true })
  utmTerm: string | null;

  @Column({ name: 'utm_content', type: 'varchar', nullable: true })
  utmContent: string | null;

  @Column({ name: 'won_at', type: 'timestamptz', nullable: true })
  wonAt: Date | null;

  @Column({ name: 'lost_at', type: 'timestamptz', nullable: true })
  lostAt: Date | null;

  @Column({ name: 'lost_reason_id', type: 'uuid', nullable: true })
  lostReasonId: string | null;

  @Column({ name: 'lost_comment', type: 'varchar', nullable: true })
  lostComment: string | null;

  @Column({ name: 'next_step', type: 'varchar', nullable: true })
  nextStep: string | null;

  /** Values of the custom fields by key, normalized (see custom-field-values.ts). */
  @Column({ type: 'jsonb' })
  custom: CustomValues;
}
