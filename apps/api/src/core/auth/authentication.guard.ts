import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { API_KEY_PREFIX, ApiKeyVerifier } from './api-key-verifier.service.js';
import type { AuthenticatedPrincipal } from './actor.js';
import { AuthException } from './auth.errors.js';
import { IS_PUBLIC } from './auth.decorators.js';

type AuthRequest = FastifyRequest & { user?: AuthenticatedPrincipal };

/**
 * Global guard: every route needs a valid access token or API key unless marked @Public(). API keys come as
 * `X-API-Key: crm_…` or `Authorization: Bearer crm_…`; any other bearer token is checked as a JWT by passport.
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyVerifier,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const apiKey = this.apiKeyOf(request);
    if (apiKey !== null) {
      const principal = await this.apiKeys.verify(apiKey);
      if (!principal) throw new AuthException('api_key_invalid', 'The API key is unknown, revoked or expired.');
      request.user = principal;
      return true;
    }
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<T>(error: unknown, principal: T, info: unknown): T {
    if (error) throw error;
    if (principal) return principal;
    const reason = info as { name?: string; message?: string } | undefined;
    if (reason?.name === 'TokenExpiredError') throw new AuthException('token_expired', 'The access token has expired.');
    if (reason?.message === 'No auth token') {
      throw new AuthException('unauthenticated', 'Sign in, or send an access token or API key.');
    }
    throw new AuthException('token_invalid', 'The access token is not valid.');
  }

  private apiKeyOf(request: AuthRequest): string | null {
    const header = request.headers['x-api-key'];
    if (typeof header === 'string') return header.trim();
    const authorization = request.headers.authorization;
    if (authorization?.startsWith(`Bearer ${API_KEY_PREFIX}`)) return authorization.slice('Bearer '.length).trim();
    return null;
  }
}
