import { Module } from '@nestjs/common';
import { CompaniesModule } from '../companies/companies.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { ExportsController } from './exports.controller.js';
import { ExportsService } from './exports.service.js';

@Module({
  imports: [ContactsModule, CompaniesModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
