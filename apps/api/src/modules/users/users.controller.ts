import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiPreconditionRequiredResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { IfMatch, IfMatchHeader } from '../../core/records/version.js';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto, UserPageDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly service: UsersService) {}

  /** The users you may see (your team's, or only yourself, depending on your role), a page at a time. */
  @Get()
  @Can('user', 'read')
  @ApiOkResponse({ type: UserPageDto })
  listUsers(@CurrentActor() actor: Actor, @Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.service.listUsers(actor, query);
  }

  @Get(':id')
  @Can('user', 'read')
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such user within your reach' })
  getUser(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<UserDto> {
    return this.service.getUser(actor, id);
  }

  /** Creates a user who can sign in with the given password. */
  @Post()
  @Can('user', 'create')
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ type: ProblemDto, description: '`email_taken`: another user has this email' })
  createUser(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.service.createUser(actor, dto);
  }

  /**
   * Changes a user, resets their password or deactivates them (`active: false`; users are never deleted). Needs the
   * version you read (body `version` or If-Match).
   */
  @Patch(':id')
  @Can('user', 'update')
  @IfMatchHeader()
  @ApiPreconditionRequiredResponse({ type: ProblemDto, description: '`version_required`: send `version` or If-Match' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such user within your reach' })
  @ApiConflictResponse({ type: ProblemDto, description: '`version_conflict` when the user changed since you read it, or `cannot_deactivate_self`' })
  updateUser(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateUserDto,
    @IfMatch() ifMatch?: number,
  ): Promise<UserDto> {
    return this.service.updateUser(actor, id, dto, ifMatch);
  }
}
