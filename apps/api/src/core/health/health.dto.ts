import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';

export class HealthIndicatorDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status: 'up' | 'down';
}

function indicators(description: string, example: Record<string, HealthIndicatorDto>) {
  return { type: 'object', additionalProperties: { $ref: getSchemaPath(HealthIndicatorDto) }, description, example } as const;
}

/** Terminus' health check result, as `/health` and `/ready` answer it. */
@ApiExtraModels(HealthIndicatorDto)
export class HealthDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';

  @ApiProperty(indicators('The checks that are up', { database: { status: 'up' } }))
  info: Record<string, HealthIndicatorDto>;

  @ApiProperty(indicators('The checks that are down', {}))
  error: Record<string, HealthIndicatorDto>;

  @ApiProperty(indicators('Every check', { database: { status: 'up' } }))
  details: Record<string, HealthIndicatorDto>;
}
