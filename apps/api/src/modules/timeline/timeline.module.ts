import { Module } from '@nestjs/common';
import { TimelineController } from './timeline.controller.js';
import { TimelineService } from './timeline.service.js';

/** Queries the entities its sources read (notes, audit log), which their own modules register. */
@Module({
  controllers: [TimelineController],
  providers: [TimelineService],
})
export class TimelineModule {}
