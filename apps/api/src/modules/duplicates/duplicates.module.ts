import { Module } from '@nestjs/common';
import { DuplicatesController, MergeController } from './duplicates.controller.js';
import { DuplicatesService } from './duplicates.service.js';
import { MergeService } from './merge.service.js';

@Module({
  controllers: [DuplicatesController, MergeController],
  providers: [DuplicatesService, MergeService],
  // Contacts and companies check their writes with it; imports may dedupe with it.
  exports: [DuplicatesService],
})
export class DuplicatesModule {}
