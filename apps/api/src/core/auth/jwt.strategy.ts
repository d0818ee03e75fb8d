import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { type AccessTokenClaims, JWT_ALGORITHM, JWT_ISSUER } from './access-token.js';
import type { AuthenticatedPrincipal } from './actor.js';
import { AuthException } from './auth.errors.js';
import { RolePermissionsService } from './role-permissions.service.js';
import { UserStatusService } from './user-status.service.js';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly roles: RolePermissionsService,
    private readonly users: UserStatusService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // jsonwebtoken turns a string secret into a KeyObject on every verification; handing it one saves that work on
      // every authenticated request. passport-jwt's types predate KeyObject, hence the cast.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthenticatedPrincipal> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.rid !== 'string') {
      throw new AuthException('token_invalid', 'The access token is not valid.');
    }
    const status = await this.users.statusOf(claims.sub);
    if (!status?.active) throw new AuthException('token_invalid', 'The account of this token is disabled.');
    return {
      kind: 'user',
      userId: claims.sub,
      teamId: status.teamId,
      roleId: status.roleId,
      permissions: await this.roles.matrixFor(status.roleId),
      apiKeyId: null,
    };
  }
}
