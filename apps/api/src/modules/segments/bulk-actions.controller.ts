import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { BulkActionsService } from './bulk-actions.service.js';
import { BulkActionResultDto, BulkCompaniesDto, BulkContactsDto, BulkDealsDto } from './dto/bulk-action.dto.js';

const DESCRIPTION =
  'Applies one action to records named by `ids`, or to every record a `filter` (the list\'s parameters) or a saved ' +
  'segment shows you, in batches, each record with its audit entry. Records outside your level for the action ' +
  '(update for owner and tags, delete for delete) are skipped, never changed.';

@ApiTags('contacts')
@Controller('contacts')
export class ContactBulkActionsController {
  constructor(private readonly service: BulkActionsService) {}

  /** Assigns an owner, adds or removes tags, or deletes many contacts. */
  @Post('bulk')
  @Can('contact', 'update')
  @HttpCode(200)
  @ApiOkResponse({ type: BulkActionResultDto, description: DESCRIPTION })
  bulkUpdateContacts(@CurrentActor() actor: Actor, @Body() dto: BulkContactsDto): Promise<BulkActionResultDto> {
    return this.service.bulkUpdate(actor, 'contact', dto);
  }
}

@ApiTags('companies')
@Controller('companies')
export class CompanyBulkActionsController {
  constructor(private readonly service: BulkActionsService) {}

  /** Assigns an owner, adds or removes tags, or deletes many companies. */
  @Post('bulk')
  @Can('company', 'update')
  @HttpCode(200)
  @ApiOkResponse({ type: BulkActionResultDto, description: DESCRIPTION })
  bulkUpdateCompanies(@CurrentActor() actor: Actor, @Body() dto: BulkCompaniesDto): Promise<BulkActionResultDto> {
    return this.service.bulkUpdate(actor, 'company', dto);
  }
}

@ApiTags('deals')
@Controller('deals')
export class DealBulkActionsController {
  constructor(private readonly service: BulkActionsService) {}

  /** Assigns an owner, adds or removes tags, or deletes many deals. */
  @Post('bulk')
  @Can('deal', 'update')
  @HttpCode(200)
  @ApiOkResponse({ type: BulkActionResultDto, description: DESCRIPTION })
  bulkUpdateDeals(@CurrentActor() actor: Actor, @Body() dto: BulkDealsDto): Promise<BulkActionResultDto> {
    return this.service.bulkUpdate(actor, 'deal', dto);
  }
}
