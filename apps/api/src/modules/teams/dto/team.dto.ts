import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { Absent } from '../../../core/http/validation.js';
import type { Team } from '../team.entity.js';

export class CreateTeamDto {
  @ApiProperty({ minLength: 1, maxLength: 120, example: 'North', description: 'Unique, whatever the letter case' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;
}

export class UpdateTeamDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @Absent()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'The version being changed; or send If-Match' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class TeamDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'North' })
  name: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ minimum: 1, description: 'Send it back on update (or as If-Match)' })
  version: number;
}

export class TeamPageDto {
  @ApiProperty({ type: [TeamDto] })
  items: TeamDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}

export function toTeamDto(team: Team): TeamDto {
  return {
    id: team.id,
    name: team.name,
    createdAt: team.createdAt.toISOString(),
    updatedAt: team.updatedAt.toISOString(),
    version: team.version,
  };
}
