import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { DomainException } from './domain-exception.js';
import { ValidationFailedException } from './validation.js';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  requestId?: string;
  [member: string]: unknown;
}

const TITLES: Record<number, [string, string]> = {
  400: ['bad_request', 'Bad request'],
  401: ['unauthenticated', 'Authentication required'],
  403: ['forbidden', 'Forbidden'],
  404: ['not_found', 'Not found'],
  405: ['method_not_allowed', 'Method not allowed'],
  406: ['not_acceptable', 'Not acceptable'],
  409: ['conflict', 'Conflict'],
  413: ['payload_too_large', 'Payload too large'],
  415: ['unsupported_media_type', 'Unsupported media type'],
  422: ['unprocessable', 'Unprocessable content'],
  428: ['precondition_required', 'Precondition required'],
  429: ['rate_limited', 'Too many requests'],
  500: ['internal_error', 'Internal server error'],
  503: ['unavailable', 'Service unavailable'],
};

// PostgreSQL errors that can only come from input the validation let through (e.g. a foreign key to nothing).
const PG_INPUT_ERRORS: Record<string, [number, string, string]> = {
  '22P02': [400, 'bad_request', 'A value has an invalid format.'],
  '22001': [400, 'bad_request', 'A value is too long.'],
  '22003': [400, 'bad_request', 'A number is out of range.'],
  '22007': [400, 'bad_request', 'A date has an invalid format.'],
  '22008': [400, 'bad_request', 'A date is out of range.'],
  '23502': [400, 'bad_request', 'A required value is missing.'],
  '23503': [400, 'reference_not_found', 'A referenced record does not exist.'],
  '23505': [409, 'conflict', 'A record with the same unique value already exists.'],
  '23514': [400, 'bad_request', 'A value breaks a rule of the record.'],
};

export function problemType(code: string): string {
  return `urn:crm:problem:${code}`;
}

/** Turns every error into an RFC 9457 problem body; 5xx only for faults of the server itself. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { body, headers } = this.toProblem(exception);
    body.instance = request.url.split('?')[0];
    body.requestId = String(request.id);
    if (body.status >= 500) {
      this.logger.error({ err: exception, requestId: request.id }, 'Unhandled error');
    }
    void reply
      .status(body.status)
      .headers(headers)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(body);
  }

  private toProblem(exception: unknown): { body: ProblemBody; headers: Record<string, string> } {
    if (exception instanceof DomainException) {
      const [, title] = TITLES[exception.status] ?? TITLES[400]!;
      return {
        body: this.body(exception.status, exception.code, title, exception.message, exception.extra),
        headers: exception.headers,
      };
    }
    if (exception instanceof ValidationFailedException) {
      return {
        body: this.body(400, 'validation_failed', 'Validation failed', 'The request has invalid fields.', {
          errors: exception.errors,
        }),
        headers: {},
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const [code, title] = TITLES[status] ?? [status < 500 ? 'bad_request' : 'internal_error', 'Error'];
      const response = exception.getResponse();
      const detail =
        typeof response === 'object' && response && 'message' in response
          ? [response.message].flat().join('; ')
          : exception.message;
      return { body: this.body(status, code, title, detail), headers: {} };
    }
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception.driverError as { code?: string } | undefined)?.code ?? '';
      const known = PG_INPUT_ERRORS[pgCode];
      if (known) {
        const [status, code, detail] = known;
        return { body: this.body(status, code, TITLES[status]![1], detail), headers: {} };
      }
    }
    // Errors fastify raises itself (malformed JSON, body too large, wrong content type) carry a 4xx statusCode.
    const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      const [code, title] = TITLES[statusCode] ?? ['bad_request', 'Bad request'];
      return { body: this.body(statusCode, code, title, (exception as Error).message), headers: {} };
    }
    return { body: this.body(500, 'internal_error', 'Internal server error', 'Something went wrong on our side.'), headers: {} };
  }

  private body(status: number, code: string, title: string, detail: string, extra: Record<string, unknown> = {}): ProblemBody {
    return { type: problemType(code), title, status, detail, code, ...extra };
  }
}
