import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { CustomFieldEntity, CustomFieldType } from './custom-field-values.js';

export const LABEL_LOCALES = ['en', 'ru', 'lv', 'es'] as const;
export type LabelLocale = (typeof LABEL_LOCALES)[number];
/** The field's name in each interface language; English is required and stands in for the others. */
export type Labels = { en: string } & Partial<Record<Exclude<LabelLocale, 'en'>, string>>;

export interface CustomFieldOption {
  value: string;
  labels: Labels;
}

/** A field that admins add to contacts or companies; records keep its values in their `custom` column by `key`. */
@Entity({ name: 'custom_fields' })
export class CustomField {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  entity: CustomFieldEntity;

  /** Immutable: it names the values in every record, the filters of saved segments and the field's indexes. */
  @Column({ type: 'varchar' })
  key: string;

  /** Immutable: stored values were checked against it. */
  @Column({ type: 'varchar' })
  type: CustomFieldType;

  @Column({ type: 'jsonb' })
  labels: Labels;

  @Column({ type: 'boolean' })
  required: boolean;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'jsonb' })
  options: CustomFieldOption[];

  @Column({ type: 'boolean' })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
