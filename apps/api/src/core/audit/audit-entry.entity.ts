import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AuditAction = 'create' | 'update' | 'delete' | 'restore' | 'merge';

export interface FieldChange {
  from: unknown;
  to: unknown;
}

@Entity({ name: 'audit_log' })
export class AuditEntry {
  // bigserial: pg returns it as a string, which keeps ids past 2^53 exact.
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar' })
  entity: string;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId: string;

  @Column({ type: 'varchar' })
  action: AuditAction;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ name: 'actor_api_key_id', type: 'uuid', nullable: true })
  actorApiKeyId: string | null;

  @Column({ type: 'jsonb' })
  changes: Record<string, FieldChange>;

  @Column({ name: 'request_id', type: 'varchar', nullable: true })
  requestId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
