import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module.js';
import { DuplicatesModule } from '../duplicates/duplicates.module.js';
import { Contact } from './contact.entity.js';
import { ContactsController } from './contacts.controller.js';
import { ContactsService } from './contacts.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Contact]), CustomFieldsModule, DuplicatesModule],
  controllers: [ContactsController],
  providers: [ContactsService],
  // Saved segments count and bulk actions change contacts through it.
  exports: [ContactsService],
})
export class ContactsModule {}
