import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module.js';
import { DuplicatesModule } from '../duplicates/duplicates.module.js';
import { CompaniesController } from './companies.controller.js';
import { CompaniesService } from './companies.service.js';
import { Company } from './company.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([Company]), CustomFieldsModule, DuplicatesModule],
  controllers: [CompaniesController],
  providers: [CompaniesService],
  // Saved segments count and bulk actions change companies through it.
  exports: [CompaniesService],
})
export class CompaniesModule {}
