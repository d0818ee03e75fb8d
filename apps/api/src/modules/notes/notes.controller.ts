import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Authenticated, Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { IfMatch, IfMatchHeader } from '../../core/records/version.js';
import { CreateNoteDto, ListNotesQueryDto, NoteDto, NotePageDto, UpdateNoteDto } from './dto/note.dto.js';
import { NotesService } from './notes.service.js';

/**
 * Notes on contacts, companies and deals. Adding one needs a role that may update records of that kind; reading, and
 * changing one's own, needs only read access to the record (see NotesService for the whole rule).
 */
@ApiTags('notes')
@Controller()
@ApiNotFoundResponse({ type: ProblemDto, description: 'No such record or note within your reach' })
export class NotesController {
  constructor(private readonly service: NotesService) {}

  /** The contact's notes, newest first. */
  @Get('contacts/:id/notes')
  @Can('contact', 'read')
  @ApiOkResponse({ type: NotePageDto })
  listContactNotes(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: ListNotesQueryDto): Promise<NotePageDto> {
    return this.service.listNotes(actor, 'contact', id, query);
  }

  @Post('contacts/:id/notes')
  @Can('contact', 'update')
  @ApiCreatedResponse({ type: NoteDto })
  createContactNote(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: CreateNoteDto): Promise<NoteDto> {
    return this.service.createNote(actor, 'contact', id, dto);
  }

  /** The company's notes, newest first. */
  @Get('companies/:id/notes')
  @Can('company', 'read')
  @ApiOkResponse({ type: NotePageDto })
  listCompanyNotes(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: ListNotesQueryDto): Promise<NotePageDto> {
    return this.service.listNotes(actor, 'company', id, query);
  }

  @Post('companies/:id/notes')
  @Can('company', 'update')
  @ApiCreatedResponse({ type: NoteDto })
  createCompanyNote(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: CreateNoteDto): Promise<NoteDto> {
    return this.service.createNote(actor, 'company', id, dto);
  }

  /** The deal's notes, newest first. */
  @Get('deals/:id/notes')
  @Can('deal', 'read')
  @ApiOkResponse({ type: NotePageDto })
  listDealNotes(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: ListNotesQueryDto): Promise<NotePageDto> {
    return this.service.listNotes(actor, 'deal', id, query);
  }

  @Post('deals/:id/notes')
  @Can('deal', 'update')
  @ApiCreatedResponse({ type: NoteDto })
  createDealNote(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: CreateNoteDto): Promise<NoteDto> {
    return this.service.createNote(actor, 'deal', id, dto);
  }

  /**
   * Changes the text; needs the version you read (body `version` or If-Match). The route cannot name the record's
   * kind, so the permission is checked against the record the note is on.
   */
  @Patch('notes/:id')
  @Authenticated()
  @IfMatchHeader()
  @ApiOkResponse({ type: NoteDto })
  @ApiForbiddenResponse({ type: ProblemDto, description: "Someone else's note on a record you may not edit" })
  @ApiConflictResponse({ type: ProblemDto, description: 'The note changed since you read it' })
  updateNote(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: UpdateNoteDto, @IfMatch() ifMatch?: number): Promise<NoteDto> {
    return this.service.updateNote(actor, id, dto, ifMatch);
  }

  @Delete('notes/:id')
  @Authenticated()
  @HttpCode(204)
  @IfMatchHeader()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiForbiddenResponse({ type: ProblemDto, description: "Someone else's note on a record you may not edit" })
  @ApiConflictResponse({ type: ProblemDto, description: 'The note changed since you read it' })
  deleteNote(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatch() ifMatch?: number): Promise<void> {
    return this.service.deleteNote(actor, id, ifMatch);
  }
}
