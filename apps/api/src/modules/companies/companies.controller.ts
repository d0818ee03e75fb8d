import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { DuplicateCheckQueryDto, DuplicateProblemDto } from '../duplicates/dto/duplicates.dto.js';
import { IfMatch, IfMatchHeader } from '../../core/records/version.js';
import { CompaniesService } from './companies.service.js';
import { CompanyDto, CompanyPageDto, CreateCompanyDto, ListCompaniesQueryDto, UpdateCompanyDto } from './dto/company.dto.js';

@ApiTags('companies')
@Controller('companies')
@ApiNotFoundResponse({ type: ProblemDto, description: 'No such company within your reach' })
export class CompaniesController {
  constructor(private readonly service: CompaniesService) {}

  /** Lists the companies you may read, a page at a time. */
  @Get()
  @Can('company', 'read')
  @ApiOkResponse({ type: CompanyPageDto })
  listCompanies(@CurrentActor() actor: Actor, @Query() query: ListCompaniesQueryDto): Promise<CompanyPageDto> {
    return this.service.listCompanies(actor, query);
  }

  @Get(':id')
  @Can('company', 'read')
  @ApiOkResponse({ type: CompanyDto })
  getCompany(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<CompanyDto> {
    return this.service.getCompany(actor, id);
  }

  @Post()
  @Can('company', 'create')
  @ApiCreatedResponse({ type: CompanyDto })
  @ApiConflictResponse({ type: DuplicateProblemDto, description: 'Another company has the same email, phone or tax id (duplicate_suspected); send force=true to create it anyway' })
  createCompany(@CurrentActor() actor: Actor, @Body() dto: CreateCompanyDto, @Query() check: DuplicateCheckQueryDto): Promise<CompanyDto> {
    return this.service.createCompany(actor, dto, check);
  }

  /** Changes some fields; needs the version you read (body `version` or If-Match). */
  @Patch(':id')
  @Can('company', 'update')
  @IfMatchHeader()
  @ApiOkResponse({ type: CompanyDto })
  @ApiConflictResponse({
    type: DuplicateProblemDto,
    description: 'The company changed since you read it (version_conflict), or another one has the email, phone or tax id it gains (duplicate_suspected; send force=true)',
  })
  updateCompany(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateCompanyDto,
    @Query() check: DuplicateCheckQueryDto,
    @IfMatch() ifMatch?: number,
  ): Promise<CompanyDto> {
    return this.service.updateCompany(actor, id, dto, ifMatch, check);
  }

  /** Moves the contact to the trash; restore brings it back. */
  @Delete(':id')
  @Can('company', 'delete')
  @HttpCode(204)
  @IfMatchHeader()
  @ApiNoContentResponse({ description: 'Deleted' })
  deleteCompany(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatch() ifMatch?: number): Promise<void> {
    return this.service.deleteCompany(actor, id, ifMatch);
  }

  @Post(':id/restore')
  @Can('company', 'delete')
  @HttpCode(200)
  @ApiOkResponse({ type: CompanyDto })
  restoreCompany(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<CompanyDto> {
    return this.service.restoreCompany(actor, id);
  }
}
