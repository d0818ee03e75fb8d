import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LostReason } from './lost-reason.entity.js';
import { LostReasonsController } from './lost-reasons.controller.js';
import { LostReasonsService } from './lost-reasons.service.js';
import { Pipeline } from './pipeline.entity.js';
import { PipelineStage } from './pipeline-stage.entity.js';
import { PipelinesController } from './pipelines.controller.js';
import { PipelinesService } from './pipelines.service.js';

/** Pipelines with their stages and the lost reasons; deals load their pipeline, stage and reason through the services. */
@Module({
  imports: [TypeOrmModule.forFeature([Pipeline, PipelineStage, LostReason])],
  controllers: [PipelinesController, LostReasonsController],
  providers: [PipelinesService, LostReasonsService],
  exports: [PipelinesService, LostReasonsService],
})
export class PipelinesModule {}
