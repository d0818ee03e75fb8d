import type { PartialMatrix } from '@crm/permissions';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'roles' })
export class Role {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stable name for code and integrations: `admin`, `sales_rep`, or a custom key. */
  @Column({ type: 'varchar' })
  key: string;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ name: 'built_in', type: 'boolean' })
  builtIn: boolean;

  /** Custom roles only; built-in roles take their matrix from @crm/permissions. */
  @Column({ type: 'jsonb' })
  permissions: PartialMatrix;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
