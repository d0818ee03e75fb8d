import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './core/config/app-config.js';
import { ProblemFilter, problemType } from './core/http/problem.filter.js';
import { securityHeaders } from './core/http/security-headers.js';
import { sendVersionETags } from './core/records/version.js';
import { createValidationPipe } from './core/http/validation.js';
import { rewriteToWebApp, serveWebApp } from './core/http/web-app.js';
import { PinoNestLogger } from './core/logging/logger.js';
import { buildOpenApiDocument } from './core/openapi/openapi-document.js';

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** Builds the configured application without listening; `main.ts`, the OpenAPI script and tests share it. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  logger: Logger,
  options: { connect?: boolean } = {},
): Promise<NestFastifyApplication> {
  const webDist = config.webDist && existsSync(config.webDist) ? config.webDist : null;
  const adapter = new FastifyAdapter({
    ...(webDist ? { rewriteUrl: rewriteToWebApp } : {}),
    loggerInstance: logger,
    trustProxy: config.trustProxy,
    bodyLimit: 10 * 1024 * 1024,
    // Keep a caller's request id so one id follows a request across systems; otherwise mint one.
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, databaseUrl, options.connect ?? true), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'ready'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableCors({ origin: config.corsOrigins.length ? config.corsOrigins : false, credentials: true, exposedHeaders: ['ETag', 'X-Request-Id', 'Retry-After'] });
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  // Swagger UI and the web app load their own scripts and styles; everything else stays locked down.
  const security = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(security);
    reply.header('x-request-id', request.id);
    done();
  });
  sendVersionETags(fastify);

  // Uploads (imports) are read part by part; one file of up to 50 MB and a few small fields per request.
  await app.register(fastifyMultipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1, fields: 10, fieldSize: 1024 } });

  if (config.rateLimitPerMinute > 0) {
    // Per instance and per client address; the stricter login limits live in PostgreSQL and hold across instances.
    await app.register(fastifyRateLimit, {
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (request, context) => ({
        statusCode: 429,
        type: problemType('rate_limited'),
        title: 'Too many requests',
        status: 429,
        code: 'rate_limited',
        detail: `More than ${context.max} requests a minute; retry in ${Math.ceil(context.ttl / 1000)} s.`,
        instance: request.url.split('?')[0],
        requestId: String(request.id),
      }),
    });
  }

  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs/openapi.json' });

  if (webDist) await serveWebApp(app, webDist);
  return app;
}
