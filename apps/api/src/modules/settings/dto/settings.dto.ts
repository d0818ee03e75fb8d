import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, ValidateNested } from 'class-validator';
import { Absent } from '../../../core/http/validation.js';

export class DealSettingsDto {
  @ApiProperty({
    description: 'Moving a deal to an open stage needs an open task on it, or a nextTask in the move (deals.requireNextTask)',
    default: false,
  })
  requireNextTask: boolean;
}

/** The installation's settings, readable by every signed-in user. */
export class SettingsDto {
  @ApiProperty({ type: DealSettingsDto })
  deals: DealSettingsDto;
}

export class UpdateDealSettingsDto {
  @ApiPropertyOptional({ description: 'deals.requireNextTask' })
  @Absent()
  @IsBoolean()
  requireNextTask?: boolean;
}

/** The settings to change; those left out keep their values. */
export class UpdateSettingsDto {
  @ApiPropertyOptional({ type: UpdateDealSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => UpdateDealSettingsDto)
  deals?: UpdateDealSettingsDto;
}
