import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { type FieldError, ValidationFailedException } from '../../core/http/validation.js';
import { IMPORT_ENTITIES, type ImportEntity } from './import-fields.js';
import { ImportException } from './imports.errors.js';

export interface ImportUpload {
  entity: ImportEntity;
  fileName: string;
  file: Buffer;
}

/** Reads the multipart form of POST /imports: one `file` and the `entity` it holds, in any order. */
export async function readImportUpload(request: FastifyRequest): Promise<ImportUpload> {
  if (!request.isMultipart()) {
    throw new ImportException('not_multipart', 'Send the file as multipart/form-data with the fields `file` and `entity`.');
  }
  let upload: { fileName: string; file: Buffer } | undefined;
  const fields: Record<string, unknown> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file' && part.fieldname === 'file' && !upload) upload = { fileName: part.filename, file: await part.toBuffer() };
    else if (part.type === 'file') await part.toBuffer();
    else fields[part.fieldname] = part.value;
  }
  const errors: FieldError[] = [];
  if (!upload?.file.length) errors.push({ field: 'file', messages: ['file must be a non-empty CSV or XLSX file'], codes: ['isNotEmpty'] });
  const entity = fields.entity;
  if (!IMPORT_ENTITIES.includes(entity as ImportEntity)) {
    errors.push({ field: 'entity', messages: [`entity must be one of the following values: ${IMPORT_ENTITIES.join(', ')}`], codes: ['isIn'] });
  }
  if (errors.length) throw new ValidationFailedException(errors);
  return { entity: entity as ImportEntity, fileName: (upload!.fileName || 'upload').slice(0, 255), file: upload!.file };
}
