import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { JWT_ALGORITHM, JWT_ISSUER } from './access-token.js';
import { ApiKeyVerifier } from './api-key-verifier.service.js';
import { AuthenticationGuard } from './authentication.guard.js';
import { JwtStrategy } from './jwt.strategy.js';
import { PermissionGuard } from './permission.guard.js';
import { RolePermissionsService } from './role-permissions.service.js';
import { UserStatusService } from './user-status.service.js';

@Global()
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: JWT_ALGORITHM, issuer: JWT_ISSUER, expiresIn: config.accessTokenTtlSeconds },
        verifyOptions: { algorithms: [JWT_ALGORITHM], issuer: JWT_ISSUER },
      }),
    }),
  ],
  providers: [
    RolePermissionsService,
    UserStatusService,
    ApiKeyVerifier,
    JwtStrategy,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: PermissionGuard },
  ],
  exports: [JwtModule, RolePermissionsService, UserStatusService],
})
export class AuthCoreModule {}
