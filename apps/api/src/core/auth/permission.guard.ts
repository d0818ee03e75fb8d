import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { levelOf } from '@crm/permissions';
import type { AuthenticatedPrincipal } from './actor.js';
import { AuthException } from './auth.errors.js';
import { REQUIRED_PERMISSION, type RequiredPermission } from './auth.decorators.js';

/** First layer of access control: the role must have the route's action at some level. */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<RequiredPermission | undefined>(REQUIRED_PERMISSION, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required) return true;
    const principal = context.switchToHttp().getRequest<{ user?: AuthenticatedPrincipal }>().user;
    if (principal && levelOf(principal.permissions, required.entity, required.action) !== 'none') return true;
    throw new AuthException('permission_denied', `Your role may not ${required.action} ${required.entity} records.`);
  }
}
