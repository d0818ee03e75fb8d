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

/** Fields every owned client record (company, contact, later deal) answers with. */
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

export function ownedFields(row: VersionedRow & { tags: string[]; ownerId: string | null; createdById: string | null; deletedAt: Date | null }): OwnedRecordDto {
  return {
    ...versionedFields(row),
    tags: row.tags,
    ownerId: row.ownerId,
    createdById: row.createdById,
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}
