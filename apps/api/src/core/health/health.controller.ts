import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators.js';
import { ProblemDto } from '../openapi/problem.dto.js';
import { HealthDto } from './health.dto.js';

// Terminus documents its routes only where it can require() @nestjs/swagger, which Jest cannot; documenting them
// here keeps openapi.yaml the same whether it is written by `pnpm openapi` or checked by the drift test.
const CHECK = { noCache: true, swaggerDocumentation: false };

@ApiTags('health')
@Controller()
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  @HealthCheck(CHECK)
  @ApiOkResponse({ type: HealthDto, description: 'The process answers' })
  getHealth(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: the database answers too, so a load balancer may send traffic here. */
  @Get('ready')
  @HealthCheck(CHECK)
  @ApiOkResponse({ type: HealthDto, description: 'Ready to serve' })
  @ApiServiceUnavailableResponse({ type: ProblemDto, description: 'The database does not answer' })
  getReadiness(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 2000 })]);
  }
}
