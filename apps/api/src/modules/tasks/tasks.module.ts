import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TaskReminder } from './task-reminder.entity.js';
import { Task } from './task.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([Task, TaskReminder])],
  controllers: [],
  providers: [],
  exports: [],
})
export class TasksModule {}
