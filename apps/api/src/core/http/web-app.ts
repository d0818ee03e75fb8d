import type { IncomingMessage } from 'node:http';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

const NOT_THE_APP = /^\/(api|health|ready)(\/|$|\?)/;

/**
 * The web client routes in the browser (history mode), so a page load of `/contacts/42` must get index.html. Fastify
 * rewrites such requests before routing; API paths and files with an extension are left alone.
 */
export function rewriteToWebApp(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const path = url.split('?')[0]!;
  const wantsPage = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
  return wantsPage && !NOT_THE_APP.test(path) && !/\.[a-z0-9]+$/i.test(path) ? '/' : url;
}

/** Serves the built web client; its hashed assets may be cached for good, index.html never. */
export async function serveWebApp(app: NestFastifyApplication, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    setHeaders: (reply, path) => {
      void reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
