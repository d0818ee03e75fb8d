import { type DynamicModule, Module } from '@nestjs/common';
import { JOBS_OPTIONS, type JobsOptions, JobsService } from './jobs.service.js';

/** The durable job runner, available to every module; started and stopped with the application. */
@Module({})
export class JobsModule {
  static forRoot(options: JobsOptions): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      providers: [{ provide: JOBS_OPTIONS, useValue: options }, JobsService],
      exports: [JobsService],
    };
  }
}
