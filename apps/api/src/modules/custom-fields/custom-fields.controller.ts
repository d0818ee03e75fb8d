import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Authenticated, Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { IfMatch, IfMatchHeader } from '../../core/records/version.js';
import { CustomFieldsService } from './custom-fields.service.js';
import {
  CreateCustomFieldDto,
  CustomFieldDto,
  CustomFieldListDto,
  ListCustomFieldsQueryDto,
  ReorderCustomFieldsDto,
  UpdateCustomFieldDto,
} from './dto/custom-field.dto.js';

@ApiTags('custom-fields')
@Controller('custom-fields')
export class CustomFieldsController {
  constructor(private readonly service: CustomFieldsService) {}

  /** The custom fields of contacts or companies, active and inactive, by position; for anyone who may read those records. */
  @Get()
  @Authenticated()
  @ApiOkResponse({ type: CustomFieldListDto })
  listCustomFields(@CurrentActor() actor: Actor, @Query() query: ListCustomFieldsQueryDto): Promise<CustomFieldListDto> {
    return this.service.listCustomFields(actor, query);
  }

  /** Adds a field; its sort and search indexes are built before the answer. */
  @Post()
  @Can('settings', 'create')
  @ApiCreatedResponse({ type: CustomFieldDto })
  @ApiConflictResponse({ type: ProblemDto, description: '`custom_field_key_taken`, or `custom_field_limit` when the entity has 100 fields' })
  createCustomField(@CurrentActor() actor: Actor, @Body() dto: CreateCustomFieldDto): Promise<CustomFieldDto> {
    return this.service.createCustomField(actor, dto);
  }

  /** Puts the fields of an entity in a new order. */
  @Post('reorder')
  @Can('settings', 'update')
  @HttpCode(200)
  @ApiOkResponse({ type: CustomFieldListDto })
  reorderCustomFields(@CurrentActor() actor: Actor, @Body() dto: ReorderCustomFieldsDto): Promise<CustomFieldListDto> {
    return this.service.reorderCustomFields(actor, dto);
  }

  /** Changes labels, options, required, position or active (key and type never change); needs the version you read. */
  @Patch(':id')
  @Can('settings', 'update')
  @IfMatchHeader()
  @ApiOkResponse({ type: CustomFieldDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such custom field' })
  @ApiConflictResponse({ type: ProblemDto, description: 'The field changed since you read it' })
  updateCustomField(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateCustomFieldDto,
    @IfMatch() ifMatch?: number,
  ): Promise<CustomFieldDto> {
    return this.service.updateCustomField(actor, id, dto, ifMatch);
  }

  /**
   * Deletes the field and removes its values from every record, each removal in the record's history. To hide a
   * field and keep its values, set `active: false` instead.
   */
  @Delete(':id')
  @Can('settings', 'delete')
  @HttpCode(204)
  @IfMatchHeader()
  @ApiNoContentResponse({ description: 'Deleted, with its values' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such custom field' })
  deleteCustomField(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatch() ifMatch?: number): Promise<void> {
    return this.service.deleteCustomField(actor, id, ifMatch);
  }
}
