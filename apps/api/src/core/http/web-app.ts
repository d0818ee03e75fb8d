import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Serves the built web client, with its history-mode routes falling back to index.html. */
export async function serveWebApp(app: NestFastifyApplication, root: string): Promise<void> {
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/') && request.headers.accept?.includes('text/html')) {
      return reply.sendFile('index.html', join(root));
    }
    return reply
      .status(404)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send({ type: 'urn:crm:problem:not_found', title: 'Not found', status: 404, code: 'not_found', instance: request.url.split('?')[0] });
  });
}
