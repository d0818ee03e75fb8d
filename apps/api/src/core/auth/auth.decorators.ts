import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Action, Entity } from '@crm/permissions';
import type { FastifyRequest } from 'fastify';
import { ProblemDto } from '../openapi/problem.dto.js';
import type { Actor, AuthenticatedPrincipal } from './actor.js';

export const IS_PUBLIC = 'crm:public';
export const REQUIRED_PERMISSION = 'crm:permission';

export interface RequiredPermission {
  entity: Entity;
  action: Action;
}

/** A route anyone may call, signed in or not. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

function authenticatedDocs() {
  return [
    ApiBearerAuth('bearer'),
    ApiSecurity('apiKey'),
    ApiUnauthorizedResponse({ type: ProblemDto, description: 'Missing, expired or invalid credentials' }),
  ];
}

/** A route for any signed-in user or API key. */
export const Authenticated = () => applyDecorators(...authenticatedDocs());

/**
 * A route that needs `action` on `entity` at some level. The guard refuses a `none` level with 403; which records
 * the level reaches is decided inside the service's queries.
 */
export const Can = (entity: Entity, action: Action) =>
  applyDecorators(
    SetMetadata(REQUIRED_PERMISSION, { entity, action } satisfies RequiredPermission),
    ...authenticatedDocs(),
    ApiForbiddenResponse({ type: ProblemDto, description: `Your role may not ${action} ${entity} records` }),
  );

/** The actor of the request, with the request id attached for the audit log. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthenticatedPrincipal }>();
  if (!request.user) throw new Error('CurrentActor used on a public route');
  return { ...request.user, requestId: String(request.id) };
});
