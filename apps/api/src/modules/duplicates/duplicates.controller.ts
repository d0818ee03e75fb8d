import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Authenticated, Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { CompanyDto } from '../companies/dto/company.dto.js';
import { ContactDto } from '../contacts/dto/contact.dto.js';
import { DuplicatePageDto, ListDuplicatesQueryDto, MergeRecordsDto } from './dto/duplicates.dto.js';
import { DuplicatesService } from './duplicates.service.js';
import { MergeService } from './merge.service.js';

@ApiTags('duplicates')
@Controller('duplicates')
export class DuplicatesController {
  constructor(private readonly service: DuplicatesService) {}

  /**
   * Likely duplicate pairs among the records you may read: sharing an email, phone or tax id, or (contacts) a very
   * similar name at the same company. Each page examines a bounded number of records, so it may hold fewer pairs than
   * `limit` (even none) and still have a `nextCursor`; keep paging until it is null.
   */
  @Get()
  @Authenticated()
  @ApiOkResponse({ type: DuplicatePageDto })
  listDuplicates(@CurrentActor() actor: Actor, @Query() query: ListDuplicatesQueryDto): Promise<DuplicatePageDto> {
    return this.service.listDuplicates(actor, query);
  }
}

const MERGE_CONFLICT = 'The record that stays changed since you read it (version_conflict)';
const MERGE_NOT_FOUND = 'Either record is missing or out of reach: the one that stays needs your update rights, the other your delete rights';

/** `POST /contacts/{id}/merge` and `/companies/{id}/merge`, beside the records they change. */
@Controller()
export class MergeController {
  constructor(private readonly service: MergeService) {}

  /** Merges `sourceId` into this contact: empty fields filled, emails, phones and tags joined, links moved; the source goes to the trash. */
  @Post('contacts/:id/merge')
  @ApiTags('contacts')
  @Can('contact', 'update')
  @HttpCode(200)
  @ApiOkResponse({ type: ContactDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: MERGE_NOT_FOUND })
  @ApiConflictResponse({ type: ProblemDto, description: MERGE_CONFLICT })
  mergeContact(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: MergeRecordsDto): Promise<ContactDto> {
    return this.service.mergeContact(actor, id, dto);
  }

  /** Merges `sourceId` into this company: empty fields filled, emails, phones and tags joined, its contacts moved; the source goes to the trash. */
  @Post('companies/:id/merge')
  @ApiTags('companies')
  @Can('company', 'update')
  @HttpCode(200)
  @ApiOkResponse({ type: CompanyDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: MERGE_NOT_FOUND })
  @ApiConflictResponse({ type: ProblemDto, description: MERGE_CONFLICT })
  mergeCompany(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: MergeRecordsDto): Promise<CompanyDto> {
    return this.service.mergeCompany(actor, id, dto);
  }
}
