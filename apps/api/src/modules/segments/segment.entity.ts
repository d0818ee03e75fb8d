import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export const SEGMENT_ENTITIES = ['contact', 'company', 'deal'] as const;
export type SegmentEntity = (typeof SEGMENT_ENTITIES)[number];

export const SEGMENT_VISIBILITIES = ['private', 'team'] as const;
export type SegmentVisibility = (typeof SEGMENT_VISIBILITIES)[number];

/** A saved list filter: its owner sees it, and with `team` visibility so does the owner's team. */
@Entity({ name: 'segments' })
export class Segment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  entity: SegmentEntity;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'varchar' })
  visibility: SegmentVisibility;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  /** The list's query parameters, as validated by the list's own query class (without paging, sort and trash). */
  @Column({ type: 'jsonb' })
  filter: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
