import { ApiProperty } from '@nestjs/swagger';

interface VersionedRow {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** Fields every versioned record answers with. */
export abstract class VersionedRecordDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ minimum: 1, description: 'Send it back on update (or as If-Match)' })
  version: number;
}

export function versionedFields(row: VersionedRow): VersionedRecordDto {
  return { id: row.id, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(), version: row.version };
}

/**
 * Fields every owned client record (company, contact, deal) answers with. Their mappers write these fields into one
 * flat object literal of their own: on a list page of 50, spreading a shared helper's object cost six times as much.
 */
export abstract class OwnedRecordDto extends VersionedRecordDto {
  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  ownerId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  createdById: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Set while the record is in the trash' })
  deletedAt: string | null;
}
