import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { DealForecastService } from './deal-forecast.service.js';
import { DealForecastDto, DealForecastQueryDto } from './dto/deal-forecast.dto.js';

/** Registered before DealsController: `forecast` is a fixed segment where `deals/:id` takes a UUID. */
@ApiTags('deals')
@Controller('deals/forecast')
export class DealForecastController {
  constructor(private readonly service: DealForecastService) {}

  /**
   * Open deals you may read by month of their expected close date, per currency and per owner or team: counts,
   * amounts and amounts weighted by their stages' probabilities; plus totals per month and the undated deals.
   */
  @Get()
  @Can('deal', 'read')
  @ApiOkResponse({ type: DealForecastDto })
  getDealForecast(@CurrentActor() actor: Actor, @Query() query: DealForecastQueryDto): Promise<DealForecastDto> {
    return this.service.getDealForecast(actor, query);
  }
}
