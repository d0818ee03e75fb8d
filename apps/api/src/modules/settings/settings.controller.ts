import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Authenticated, Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { SettingsDto, UpdateSettingsDto } from './dto/settings.dto.js';
import { SettingsService } from './settings.service.js';

@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(private readonly service: SettingsService) {}

  /** The installation's settings; every signed-in user reads them, since they shape what the screens ask for. */
  @Get()
  @Authenticated()
  @ApiOkResponse({ type: SettingsDto })
  getSettings(@CurrentActor() actor: Actor): Promise<SettingsDto> {
    return this.service.getSettings(actor);
  }

  /** Changes the settings given; the rest keep their values. */
  @Patch()
  @Can('settings', 'update')
  @ApiOkResponse({ type: SettingsDto })
  updateSettings(@CurrentActor() actor: Actor, @Body() dto: UpdateSettingsDto): Promise<SettingsDto> {
    return this.service.updateSettings(actor, dto);
  }
}
