import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiPreconditionRequiredResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { PageQueryDto } from '../../core/list/page-query.dto.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { IfMatch, IfMatchHeader } from '../../core/records/version.js';
import { CreateRoleDto, RoleDto, RolePageDto, UpdateRoleDto } from './dto/role.dto.js';
import { RolesService } from './roles.service.js';

@ApiTags('roles')
@Controller('roles')
export class RolesController {
  constructor(private readonly service: RolesService) {}

  /** Every role with the complete matrix it grants, ordered by key. */
  @Get()
  @Can('role', 'read')
  @ApiOkResponse({ type: RolePageDto })
  listRoles(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<RolePageDto> {
    return this.service.listRoles(actor, query);
  }

  @Get(':id')
  @Can('role', 'read')
  @ApiOkResponse({ type: RoleDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such role' })
  getRole(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<RoleDto> {
    return this.service.getRole(actor, id);
  }

  /** Creates a custom role; it may grant nothing beyond your own role. */
  @Post()
  @Can('role', 'create')
  @ApiCreatedResponse({ type: RoleDto })
  @ApiConflictResponse({ type: ProblemDto, description: '`role_key_taken`: another role has this key' })
  createRole(@CurrentActor() actor: Actor, @Body() dto: CreateRoleDto): Promise<RoleDto> {
    return this.service.createRole(actor, dto);
  }

  /** Renames a custom role or replaces its matrix; needs the version you read (body `version` or If-Match). */
  @Patch(':id')
  @Can('role', 'update')
  @IfMatchHeader()
  @ApiPreconditionRequiredResponse({ type: ProblemDto, description: '`version_required`: send `version` or If-Match' })
  @ApiOkResponse({ type: RoleDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such role' })
  @ApiConflictResponse({ type: ProblemDto, description: '`role_built_in`, or `version_conflict` when the role changed since you read it' })
  updateRole(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateRoleDto,
    @IfMatch() ifMatch?: number,
  ): Promise<RoleDto> {
    return this.service.updateRole(actor, id, dto, ifMatch);
  }

  /** Deletes a custom role that no user or API key has. */
  @Delete(':id')
  @Can('role', 'delete')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such role' })
  @ApiConflictResponse({ type: ProblemDto, description: '`role_built_in`, or `role_in_use` while users or API keys have it' })
  deleteRole(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.service.deleteRole(actor, id);
  }
}
