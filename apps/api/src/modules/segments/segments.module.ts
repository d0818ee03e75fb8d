import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompaniesModule } from '../companies/companies.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { DealsModule } from '../deals/deals.module.js';
import { BulkActionsService } from './bulk-actions.service.js';
import { CompanyBulkActionsController, ContactBulkActionsController, DealBulkActionsController } from './bulk-actions.controller.js';
import { RecordSelections } from './record-selections.js';
import { Segment } from './segment.entity.js';
import { SegmentsController } from './segments.controller.js';
import { SegmentsService } from './segments.service.js';

/** Saved list filters of contacts and companies, and bulk actions on what a selection, filter or segment names. */
@Module({
  imports: [TypeOrmModule.forFeature([Segment]), ContactsModule, CompaniesModule, DealsModule],
  controllers: [SegmentsController, ContactBulkActionsController, CompanyBulkActionsController, DealBulkActionsController],
  providers: [SegmentsService, BulkActionsService, RecordSelections],
})
export class SegmentsModule {}
