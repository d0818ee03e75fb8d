import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailedException } from './validation.js';

/** The `:id` path parameter, which must be a UUID (400 with a field error otherwise). */
export const IdParam = () =>
  Param(
    'id',
    new ParseUUIDPipe({
      exceptionFactory: () => new ValidationFailedException([{ field: 'id', messages: ['id must be a UUID'] }]),
    }),
  );
