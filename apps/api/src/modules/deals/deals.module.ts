import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { DealBoardController } from './deal-board.controller.js';
import { DealBoardService } from './deal-board.service.js';
import { DealForecastController } from './deal-forecast.controller.js';
import { DealForecastService } from './deal-forecast.service.js';
import { DealLineItem } from './deal-line-item.entity.js';
import { DealLineItemsService } from './deal-line-items.service.js';
import { DealStageChange } from './deal-stage-change.entity.js';
import { DealStagesService } from './deal-stages.service.js';
import { Deal } from './deal.entity.js';
import { DealsController } from './deals.controller.js';
import { DealsService } from './deals.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Deal, DealLineItem, DealStageChange]), CustomFieldsModule, SettingsModule, TasksModule],
  // DealForecastController first: its fixed path must be matched before `deals/:id`.
  controllers: [DealForecastController, DealBoardController, DealsController],
  providers: [DealBoardService, DealForecastService, DealsService, DealStagesService, DealLineItemsService],
  // Saved segments and bulk actions select deals through it.
  exports: [DealsService],
})
export class DealsModule {}
