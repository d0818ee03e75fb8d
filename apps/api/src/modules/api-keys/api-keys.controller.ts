import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { PageQueryDto } from '../../core/list/page-query.dto.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeyDto, ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto.js';

@ApiTags('api-keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly service: ApiKeysService) {}

  /** The API keys you may see, newest first; never the secret keys themselves. */
  @Get()
  @Can('api_key', 'read')
  @ApiOkResponse({ type: ApiKeyPageDto })
  listApiKeys(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<ApiKeyPageDto> {
    return this.service.listApiKeys(actor, query);
  }

  /** Creates a key and shows its secret this once; only a hash is kept. */
  @Post()
  @Can('api_key', 'create')
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  createApiKey(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.service.createApiKey(actor, dto);
  }

  /** Stops a key for good; requests with it then answer 401 `api_key_invalid`. */
  @Post(':id/revoke')
  @Can('api_key', 'delete')
  @HttpCode(200)
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such API key within your reach' })
  revokeApiKey(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ApiKeyDto> {
    return this.service.revokeApiKey(actor, id);
  }
}
