import { Body, Controller, Get, HttpCode, Patch, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../core/auth/actor.js';
import { Authenticated, CurrentActor, Public } from '../../core/auth/auth.decorators.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { AuthService, type ClientInfo } from './auth.service.js';
import { ChangePasswordDto, LoginDto, MeDto, RefreshDto, SignInOptionsDto, TokenPairDto, UpdateMeDto } from './dto/auth.dto.js';

function clientOf(request: FastifyRequest): ClientInfo {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly service: AuthService) {}

  /** What the sign-in page may show: the demo accounts when the server runs on demo data. */
  @Get('sign-in-options')
  @Public()
  @ApiOkResponse({ type: SignInOptionsDto })
  getSignInOptions(): Promise<SignInOptionsDto> {
    return this.service.getSignInOptions();
  }

  /** Signs in with email and password. */
  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'Wrong email or password' })
  @ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Too many failed attempts; see Retry-After' })
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    return this.service.login(dto, clientOf(request));
  }

  /** Trades a refresh token for a new pair; each refresh token works once. */
  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'Unknown, expired or reused refresh token' })
  refreshTokens(@Body() dto: RefreshDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    return this.service.refresh(dto, clientOf(request));
  }

  /** Ends the sign-in the refresh token belongs to. */
  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Signed out' })
  logout(@Body() dto: RefreshDto): Promise<void> {
    return this.service.logout(dto);
  }

  /** The signed-in user, their role and permission matrix. */
  @Get('me')
  @Authenticated()
  @ApiOkResponse({ type: MeDto })
  getMe(@CurrentActor() actor: Actor): Promise<MeDto> {
    return this.service.getMe(actor);
  }

  /** Changes the signed-in user's own name, locale, time zone or e-mail reminder preference. */
  @Patch('me')
  @Authenticated()
  @ApiOkResponse({ type: MeDto })
  updateMe(@CurrentActor() actor: Actor, @Body() dto: UpdateMeDto): Promise<MeDto> {
    return this.service.updateMe(actor, dto);
  }

  /** Changes the signed-in user's password and ends their other sessions. */
  @Post('password')
  @Authenticated()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password changed' })
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.service.changePassword(actor, dto);
  }
}
