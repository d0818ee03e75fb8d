import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'emails[0].value', description: 'Path of the field in the request' })
  field: string;

  @ApiProperty({ type: [String], example: ['value must be an email'] })
  messages: string[];

  @ApiPropertyOptional({ type: [String], example: ['isEmail'], description: 'Names of the broken rules, for translated messages' })
  codes?: string[];
}

/** RFC 9457 problem details, the body of every error answer. */
export class ProblemDto {
  @ApiProperty({ example: 'urn:crm:problem:validation_failed' })
  type: string;

  @ApiProperty({ example: 'Validation failed' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiPropertyOptional({ example: 'The request has invalid fields.' })
  detail?: string;

  @ApiPropertyOptional({ example: '/api/v1/contacts' })
  instance?: string;

  @ApiProperty({ description: 'Stable machine-readable error code', example: 'validation_failed' })
  code: string;

  @ApiPropertyOptional({ description: 'The request id, as in the X-Request-Id header and the logs' })
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Each invalid field, for validation errors' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ description: 'The record\'s current version, for a version conflict' })
  currentVersion?: number;
}
