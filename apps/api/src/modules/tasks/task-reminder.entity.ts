import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One reminder of a task, fired at most once (`firedAt`). */
@Entity({ name: 'task_reminders' })
export class TaskReminder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @Column({ name: 'offset_minutes', type: 'integer' })
  offsetMinutes: number;

  @Column({ name: 'remind_at', type: 'timestamptz' })
  remindAt: Date;

  @Column({ name: 'fired_at', type: 'timestamptz', nullable: true })
  firedAt: Date | null;
}
