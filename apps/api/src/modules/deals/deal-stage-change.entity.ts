import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const STAGE_EVENTS = ['created', 'moved', 'won', 'lost', 'reopened'] as const;
export type StageEvent = (typeof STAGE_EVENTS)[number];

/** One row of a deal's stage history; the time spent in `fromStageId` is `changedAt - fromEnteredAt`. */
@Entity({ name: 'deal_stage_history' })
export class DealStageChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'deal_id', type: 'uuid' })
  dealId: string;

  @Column({ name: 'pipeline_id', type: 'uuid' })
  pipelineId: string;

  @Column({ name: 'from_stage_id', type: 'uuid', nullable: true })
  fromStageId: string | null;

  @Column({ name: 'to_stage_id', type: 'uuid', nullable: true })
  toStageId: string | null;

  @Column({ type: 'varchar' })
  event: StageEvent;

  @Column({ name: 'from_entered_at', type: 'timestamptz', nullable: true })
  fromEnteredAt: Date | null;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;

  @Column({ name: 'changed_by_id', type: 'uuid', nullable: true })
  changedById: string | null;
}
