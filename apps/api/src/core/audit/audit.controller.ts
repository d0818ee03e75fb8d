import { Controller, Get, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { Authenticated, CurrentActor } from '../auth/auth.decorators.js';
import { AuditPageDto, AuditQueryDto, FieldChangeDto } from './dto/audit.dto.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@ApiExtraModels(FieldChangeDto)
@Controller('audit')
export class AuditController {
  constructor(private readonly service: AuditService) {}

  /** History of one record, under the permission to read that record. */
  @Get()
  @Authenticated()
  @ApiOkResponse({ type: AuditPageDto })
  async listAuditEntries(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.service.listAuditEntries(actor, query);
  }
}
