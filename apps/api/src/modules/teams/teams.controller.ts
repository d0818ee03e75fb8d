import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiPreconditionRequiredResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { PageQueryDto } from '../../core/list/page-query.dto.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { IfMatch, IfMatchHeader } from '../../core/records/version.js';
import { CreateTeamDto, TeamDto, TeamPageDto, UpdateTeamDto } from './dto/team.dto.js';
import { TeamsService } from './teams.service.js';

@ApiTags('teams')
@Controller('teams')
export class TeamsController {
  constructor(private readonly service: TeamsService) {}

  /** Every team, ordered by name. */
  @Get()
  @Can('team', 'read')
  @ApiOkResponse({ type: TeamPageDto })
  listTeams(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<TeamPageDto> {
    return this.service.listTeams(actor, query);
  }

  @Get(':id')
  @Can('team', 'read')
  @ApiOkResponse({ type: TeamDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such team' })
  getTeam(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<TeamDto> {
    return this.service.getTeam(actor, id);
  }

  @Post()
  @Can('team', 'create')
  @ApiCreatedResponse({ type: TeamDto })
  @ApiConflictResponse({ type: ProblemDto, description: '`team_name_taken`: another team has this name' })
  createTeam(@CurrentActor() actor: Actor, @Body() dto: CreateTeamDto): Promise<TeamDto> {
    return this.service.createTeam(actor, dto);
  }

  /** Renames a team; needs the version you read (body `version` or If-Match). */
  @Patch(':id')
  @Can('team', 'update')
  @IfMatchHeader()
  @ApiPreconditionRequiredResponse({ type: ProblemDto, description: '`version_required`: send `version` or If-Match' })
  @ApiOkResponse({ type: TeamDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such team' })
  @ApiConflictResponse({ type: ProblemDto, description: '`team_name_taken`, or `version_conflict` when the team changed since you read it' })
  updateTeam(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateTeamDto,
    @IfMatch() ifMatch?: number,
  ): Promise<TeamDto> {
    return this.service.updateTeam(actor, id, dto, ifMatch);
  }

  /** Deletes a team without active members. */
  @Delete(':id')
  @Can('team', 'delete')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such team' })
  @ApiConflictResponse({ type: ProblemDto, description: '`team_not_empty`: active users are still in the team' })
  deleteTeam(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.service.deleteTeam(actor, id);
  }
}
