import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export const LOCALES = ['en', 'ru', 'lv', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  email: string;

  @Column({ type: 'varchar' })
  name: string;

  // Never selected unless asked for: a hash must not travel further than the login check.
  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'varchar' })
  locale: Locale;

  @Column({ name: 'time_zone', type: 'varchar' })
  timeZone: string;

  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId: string | null;

  @Column({ name: 'role_id', type: 'uuid' })
  roleId: string;

  @Column({ type: 'boolean' })
  active: boolean;

  /** Wants an e-mail copy of each task reminder (when the server sends e-mail). */
  @Column({ name: 'email_reminders', type: 'boolean' })
  emailReminders: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
