import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ImportJob } from './import-job.entity.js';
import { ImportRunner } from './import-runner.service.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ImportJob])],
  controllers: [ImportsController],
  providers: [ImportsService, ImportRunner],
})
export class ImportsModule {}
