import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { TaskReminder } from './task-reminder.entity.js';
import { TaskReminderWorker } from './task-reminder.worker.js';
import { TaskRemindersService } from './task-reminders.service.js';
import { Task } from './task.entity.js';
import { TaskViewsService } from './task-views.service.js';
import { TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Task, TaskReminder]), NotificationsModule],
  controllers: [TasksController],
  providers: [TasksService, TaskViewsService, TaskRemindersService, TaskReminderWorker],
  // Deals create a next task with a stage move through TasksService.
  exports: [TasksService, TaskRemindersService],
})
export class TasksModule {}
