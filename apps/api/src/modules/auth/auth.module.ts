import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Role } from '../roles/role.entity.js';
import { User } from '../users/user.entity.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { RefreshToken } from './refresh-token.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([RefreshToken, User, Role])],
  controllers: [AuthController],
  providers: [AuthService, LoginThrottleService],
})
export class AuthModule {}
