import { Injectable } from '@nestjs/common';
import type { OwnedRecord } from '../../core/records/owned-record.entity.js';
import type { OwnedListFilters, RecordSelection } from '../../core/records/owned-list.js';
import { CompaniesService } from '../companies/companies.service.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { DealsService } from '../deals/deals.service.js';
import type { SegmentEntity } from './segment.entity.js';

/** The list query every selectable record kind understands, plus the trash switch segments and bulk actions turn off. */
export type SelectionQuery = OwnedListFilters & { deleted?: 'exclude' | 'only' };

/** The record kinds segments filter and bulk actions change, by name. */
@Injectable()
export class RecordSelections {
  private readonly byEntity: Record<SegmentEntity, RecordSelection<OwnedRecord, SelectionQuery>>;

  constructor(contacts: ContactsService, companies: CompaniesService, deals: DealsService) {
    // Each service takes its own query class; callers pass instances of `listQuery`, validated by it.
    this.byEntity = { contact: contacts, company: companies, deal: deals } as unknown as Record<SegmentEntity, RecordSelection<OwnedRecord, SelectionQuery>>;
  }

  of(entity: SegmentEntity): RecordSelection<OwnedRecord, SelectionQuery> {
    return this.byEntity[entity];
  }
}
