import { Module } from '@nestjs/common';
import { SettingsController } from './settings.controller.js';
import { SettingsService } from './settings.service.js';

@Module({
  controllers: [SettingsController],
  providers: [SettingsService],
  // Modules whose behaviour a setting switches (deals) read it through the service's cache.
  exports: [SettingsService],
})
export class SettingsModule {}
