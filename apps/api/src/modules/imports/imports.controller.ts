import { Body, Controller, Get, HttpCode, Patch, Post, Query, Req, type StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../core/auth/actor.js';
import { Authenticated, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { PageQueryDto } from '../../core/list/page-query.dto.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { CreateImportDto, ImportDto, ImportPageDto, UpdateImportDto } from './dto/import.dto.js';
import { readImportUpload } from './import-upload.js';
import { ImportsService } from './imports.service.js';

// Which records an import may write depends on the entity in its body, so `create` (and `update` for the update
// policy) on that entity is checked by the service; the record-level rules apply to every row as it is written.
@ApiTags('imports')
@Controller('imports')
@Authenticated()
@ApiForbiddenResponse({ type: ProblemDto, description: 'Your role may not create (or, for the update policy, update) these records' })
@ApiNotFoundResponse({ type: ProblemDto, description: 'No import of yours has this id' })
export class ImportsController {
  constructor(private readonly service: ImportsService) {}

  /** Uploads a CSV or XLSX file: answers a draft with the header, a suggested mapping and the first rows validated. */
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CreateImportDto })
  @ApiCreatedResponse({ type: ImportDto })
  @ApiUnsupportedMediaTypeResponse({ type: ProblemDto, description: 'Not a multipart upload' })
  async createImport(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<ImportDto> {
    return this.service.createImport(actor, await readImportUpload(request));
  }

  /** Your imports, newest first. */
  @Get()
  @ApiOkResponse({ type: ImportPageDto })
  listImports(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<ImportPageDto> {
    return this.service.listImports(actor, query);
  }

  /** One import with its progress; poll it while it runs. */
  @Get(':id')
  @ApiOkResponse({ type: ImportDto })
  getImport(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ImportDto> {
    return this.service.getImport(actor, id);
  }

  /** Sets the column mapping and the duplicate policy of a draft. */
  @Patch(':id')
  @ApiOkResponse({ type: ImportDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The import has already started' })
  updateImport(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: UpdateImportDto): Promise<ImportDto> {
    return this.service.updateImport(actor, id, dto);
  }

  /** Queues the draft; it runs in the background, a batch of rows at a time. */
  @Post(':id/start')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ImportDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The import has already started' })
  startImport(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ImportDto> {
    return this.service.startImport(actor, id);
  }

  /** The rows that were not imported, as in the file, with an Error column (CSV, UTF-8 with BOM). */
  @Get(':id/failed-rows.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: 'CSV file' })
  downloadImportFailedRows(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<StreamableFile> {
    return this.service.failedRows(actor, id);
  }
}
