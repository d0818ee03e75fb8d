import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import type { AccessTokenClaims } from '../../core/auth/access-token.js';
import type { Actor } from '../../core/auth/actor.js';
import { AuthException } from '../../core/auth/auth.errors.js';
import { RolePermissionsService } from '../../core/auth/role-permissions.service.js';
import { hashPassword, randomToken, tokenHash, verifyPassword } from '../../core/auth/secrets.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';
import { Role } from '../roles/role.entity.js';
import { toUserDto } from '../users/dto/user.dto.js';
import { User } from '../users/user.entity.js';
import { DEMO_PASSWORD } from '../../bin/demo-data.js';
import type {
  ChangePasswordDto,
  DemoLoginDto,
  LoginDto,
  MeDto,
  RefreshDto,
  SignInOptionsDto,
  TokenPairDto,
  UpdateMeDto,
} from './dto/auth.dto.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { RefreshToken } from './refresh-token.entity.js';

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottleService,
    private readonly roles: RolePermissionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(dto: LoginDto, client: ClientInfo): Promise<TokenPairDto> {
    await this.throttle.assertAllowed(dto.email, client.ip);
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email: dto.email })
      .getOne();
    const valid = await verifyPassword(dto.password, user?.passwordHash ?? null);
    if (!user || !valid || !user.active) {
      await this.throttle.recordFailure(dto.email, client.ip);
      throw new AuthException('invalid_credentials', 'The email or password is wrong, or the account is disabled.');
    }
    await this.throttle.clearAccount(dto.email);
    return this.dataSource.transaction((manager) => this.issue(manager, user, randomUUID(), client));
  }

  /** Rotates a refresh token; a token used twice revokes its whole family (the sign-in it came from). */
  async refresh(dto: RefreshDto, client: ClientInfo): Promise<TokenPairDto> {
    const [id, secret] = dto.refreshToken.split('.');
    const invalid = () => new AuthException('refresh_token_invalid', 'The refresh token is unknown or expired.');
    if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id)) throw invalid();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(RefreshToken, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!token || token.tokenHash !== tokenHash(secret)) throw invalid();
      if (token.rotatedAt || token.revokedAt) {
        await manager.update(RefreshToken, { familyId: token.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        return 'reused' as const;
      }
      if (token.expiresAt.getTime() <= Date.now()) throw invalid();
      const user = await manager.findOne(User, { where: { id: token.userId } });
      if (!user?.active) throw invalid();
      await manager.update(RefreshToken, { id }, { rotatedAt: new Date() });
      return this.issue(manager, user, token.familyId, client);
    });
    // The revocation above must commit, so the reuse error is thrown only after the transaction.
    if (outcome === 'reused') {
      throw new AuthException('refresh_token_reused', 'This refresh token was already used; every session of this sign-in is now revoked.');
    }
    return outcome;
  }

  async logout(dto: RefreshDto): Promise<void> {
    const [id, secret] = dto.refreshToken.split('.');
    if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id)) return;
    const token = await this.dataSource.getRepository(RefreshToken).findOne({ where: { id } });
    if (token && token.tokenHash === tokenHash(secret)) {
      await this.dataSource
        .getRepository(RefreshToken)
        .update({ familyId: token.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    }
  }

  /** What the sign-in page may show before anyone signs in: the demo accounts, in demo mode only. */
  async getSignInOptions(): Promise<SignInOptionsDto> {
    if (!this.config.demoData) return { demo: false, demoLogins: [], demoPassword: null };
    const demoLogins: DemoLoginDto[] = await this.dataSource.query(
      `SELECT u.email, u.name, r.key AS role FROM users u JOIN roles r ON r.id = u.role_id
        WHERE lower(u.email) LIKE '%@demo.crm' AND u.active ORDER BY r.key, u.email`,
    );
    return { demo: true, demoLogins, demoPassword: DEMO_PASSWORD };
  }

  async getMe(actor: Actor): Promise<MeDto> {
    const user = await this.dataSource.getRepository(User).findOneOrFail({ where: { id: actor.userId } });
    const role = await this.dataSource.getRepository(Role).findOneOrFail({ where: { id: actor.roleId } });
    return {
      user: toUserDto(user),
      role: { id: role.id, key: role.key, name: role.name },
      permissions: await this.roles.matrixFor(role.id),
      mailEnabled: this.config.smtpUrl !== null,
    };
  }

  async updateMe(actor: Actor, dto: UpdateMeDto): Promise<MeDto> {
    if (Object.keys(dto).length > 0) {
      await this.dataSource.getRepository(User).update({ id: actor.userId }, dto as Partial<User>);
    }
    return this.getMe(actor);
  }

  async changePassword(actor: Actor, dto: ChangePasswordDto): Promise<void> {
    const users = this.dataSource.getRepository(User);
    const user = await users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id: actor.userId }).getOneOrFail();
    if (!(await verifyPassword(dto.currentPassword, user.passwordHash))) {
      throw new AuthException('invalid_credentials', 'The current password is wrong.');
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.update(User, { id: user.id }, { passwordHash: await hashPassword(dto.newPassword) });
      // Other sessions signed in with the old password end here.
      await manager.update(RefreshToken, { userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
    });
  }

  private async issue(manager: EntityManager, user: User, familyId: string, client: ClientInfo): Promise<TokenPairDto> {
    const claims: AccessTokenClaims = { sub: user.id, tid: user.teamId, rid: user.roleId, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims);
    const id = randomUUID();
    const secret = randomToken();
    const refreshExpiresAt = new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000);
    await manager.insert(RefreshToken, {
      id,
      familyId,
      userId: user.id,
      tokenHash: tokenHash(secret),
      expiresAt: refreshExpiresAt,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      ip: client.ip.slice(0, 64),
    });
    return {
      accessToken,
      accessTokenExpiresAt: new Date(Date.now() + this.config.accessTokenTtlSeconds * 1000).toISOString(),
      refreshToken: `${id}.${secret}`,
      refreshTokenExpiresAt: refreshExpiresAt.toISOString(),
    };
  }
}
