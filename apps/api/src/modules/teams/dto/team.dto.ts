import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { Absent } from '../../../core/http/validation.js';
import type { Team } from '../team.entity.js';
import { PageOf } from '../../../core/list/page.dto.js';
import { VersionedRecordDto, versionedFields } from '../../../core/records/record.dto.js';

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

export class TeamDto extends VersionedRecordDto {
  @ApiProperty({ example: 'North' })
  name: string;



}

export class TeamPageDto extends PageOf(TeamDto) {}

export function toTeamDto(team: Team): TeamDto {
  return {
    ...versionedFields(team),
    name: team.name,
  };
}
