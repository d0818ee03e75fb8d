import { Controller, Get, Query, type StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { ExportCompaniesQueryDto, ExportContactsQueryDto } from './dto/export.dto.js';
import { ExportsService } from './exports.service.js';

const FILE = { schema: { type: 'string', format: 'binary' }, description: 'The file, streamed' } as const;

@ApiTags('exports')
@Controller()
export class ExportsController {
  constructor(private readonly service: ExportsService) {}

  /** Every contact matching the list's filters that you may export, as CSV or XLSX. */
  @Get('contacts/export')
  @Can('contact', 'export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse(FILE)
  exportContacts(@CurrentActor() actor: Actor, @Query() query: ExportContactsQueryDto): Promise<StreamableFile> {
    return this.service.exportContacts(actor, query);
  }

  /** Every company matching the list's filters that you may export, as CSV or XLSX. */
  @Get('companies/export')
  @Can('company', 'export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse(FILE)
  exportCompanies(@CurrentActor() actor: Actor, @Query() query: ExportCompaniesQueryDto): Promise<StreamableFile> {
    return this.service.exportCompanies(actor, query);
  }
}
