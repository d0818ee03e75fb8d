import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { DuplicateCheckQueryDto, DuplicateProblemDto } from '../duplicates/dto/duplicates.dto.js';
import { IfMatch, IfMatchHeader } from '../../core/records/version.js';
import { ContactsService } from './contacts.service.js';
import { ContactDto, ContactPageDto, CreateContactDto, ListContactsQueryDto, UpdateContactDto } from './dto/contact.dto.js';

@ApiTags('contacts')
@Controller('contacts')
@ApiNotFoundResponse({ type: ProblemDto, description: 'No such contact within your reach' })
export class ContactsController {
  constructor(private readonly service: ContactsService) {}

  /** Lists the contacts you may read, a page at a time. */
  @Get()
  @Can('contact', 'read')
  @ApiOkResponse({ type: ContactPageDto })
  listContacts(@CurrentActor() actor: Actor, @Query() query: ListContactsQueryDto): Promise<ContactPageDto> {
    return this.service.listContacts(actor, query);
  }

  @Get(':id')
  @Can('contact', 'read')
  @ApiOkResponse({ type: ContactDto })
  getContact(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ContactDto> {
    return this.service.getContact(actor, id);
  }

  @Post()
  @Can('contact', 'create')
  @ApiCreatedResponse({ type: ContactDto })
  @ApiConflictResponse({ type: DuplicateProblemDto, description: 'Another contact has the same email or phone (duplicate_suspected); send force=true to create it anyway' })
  createContact(@CurrentActor() actor: Actor, @Body() dto: CreateContactDto, @Query() check: DuplicateCheckQueryDto): Promise<ContactDto> {
    return this.service.createContact(actor, dto, check);
  }

  /** Changes some fields; needs the version you read (body `version` or If-Match). */
  @Patch(':id')
  @Can('contact', 'update')
  @IfMatchHeader()
  @ApiOkResponse({ type: ContactDto })
  @ApiConflictResponse({
    type: DuplicateProblemDto,
    description: 'The contact changed since you read it (version_conflict), or another one has the email or phone it gains (duplicate_suspected; send force=true)',
  })
  updateContact(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateContactDto,
    @Query() check: DuplicateCheckQueryDto,
    @IfMatch() ifMatch?: number,
  ): Promise<ContactDto> {
    return this.service.updateContact(actor, id, dto, ifMatch, check);
  }

  /** Moves the contact to the trash; restore brings it back. */
  @Delete(':id')
  @Can('contact', 'delete')
  @HttpCode(204)
  @IfMatchHeader()
  @ApiNoContentResponse({ description: 'Deleted' })
  deleteContact(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatch() ifMatch?: number): Promise<void> {
    return this.service.deleteContact(actor, id, ifMatch);
  }

  @Post(':id/restore')
  @Can('contact', 'delete')
  @HttpCode(200)
  @ApiOkResponse({ type: ContactDto })
  restoreContact(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ContactDto> {
    return this.service.restoreContact(actor, id);
  }
}
