import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
/** Open stages hold deals in progress; a deal moved to a won or lost stage is closed. */
export type StageKind = (typeof STAGE_KINDS)[number];

@Entity({ name: 'pipeline_stages' })
export class PipelineStage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'pipeline_id', type: 'uuid' })
  pipelineId: string;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'integer' })
  position: number;

  /** `#rrggbb`, lower case. */
  @Column({ type: 'varchar' })
  color: string;

  /** Win probability in percent, weighting the forecast. */
  @Column({ type: 'smallint' })
  probability: number;

  @Column({ type: 'varchar' })
  kind: StageKind;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}
