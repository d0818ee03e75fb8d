import { createParamDecorator, type ExecutionContext, type NestInterceptor, type CallHandler, Injectable } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { ValidationFailedException } from '../http/validation.js';

/** The version an `If-Match: "3"` (or W/"3") header names, if any. */
export const IfMatch = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(header).trim());
  if (!match) {
    throw new ValidationFailedException([{ field: 'If-Match', messages: ['If-Match must be a version such as "3"'] }]);
  }
  return Number(match[1]);
});

export const IfMatchHeader = () =>
  ApiHeader({ name: 'If-Match', required: false, description: 'The version being changed, e.g. "3" (or send `version` in the body)' });

/** Sends a record's version as its ETag, so that a client can echo it in If-Match. */
@Injectable()
export class VersionETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof version === 'number') void reply.header('etag', `"${version}"`);
        return body;
      }),
    );
  }
}
