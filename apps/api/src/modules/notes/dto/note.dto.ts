import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { PageQueryDto } from '../../../core/list/page-query.dto.js';
import { PageOf } from '../../../core/list/page.dto.js';
import { VersionedRecordDto, versionedFields } from '../../../core/records/record.dto.js';
import { CLIENT_RECORD_KINDS, type ClientRecordKind } from '../../../core/records/record-reach.js';
import type { Note } from '../note.entity.js';

export const NOTE_MAX_LENGTH = 10_000;

const NoteBody = () =>
  applyDecorators(
    ApiProperty({ minLength: 1, maxLength: NOTE_MAX_LENGTH, description: 'Plain text; leading and trailing blanks are dropped' }),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    Length(1, NOTE_MAX_LENGTH),
    // PostgreSQL text cannot hold NUL, so it is refused here rather than failing in the database.
    Matches(/^[^\u0000]*$/, { message: 'body must not contain NUL characters' }),
  );

export class CreateNoteDto {
  @NoteBody()
  body: string;
}

export class UpdateNoteDto {
  @NoteBody()
  body: string;

  @ApiPropertyOptional({ minimum: 1, description: 'The version being changed; or send If-Match' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListNotesQueryDto extends PageQueryDto {}

export class NoteDto extends VersionedRecordDto {
  @ApiProperty({ enum: CLIENT_RECORD_KINDS, enumName: 'NoteRecordKind', description: 'Kind of the record the note is on' })
  entity: ClientRecordKind;

  @ApiProperty({ format: 'uuid', description: 'Id of the record the note is on' })
  entityId: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Who wrote the note' })
  authorId: string | null;
}

export class NotePageDto extends PageOf(NoteDto) {}

export function toNoteDto(note: Note): NoteDto {
  return { ...versionedFields(note), entity: note.entity, entityId: note.entityId, body: note.body, authorId: note.authorId };
}
