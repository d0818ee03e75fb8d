import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { API_DIST } from './bench-env.js';

/** A server the runner started; `stop` ends it (and only it) and waits for it to exit. */
export interface Server {
  name: string;
  baseUrl: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const started = new Set<ChildProcess>();
// Whatever happens to the runner, the servers it started do not outlive it.
process.on('exit', () => {
  for (const child of started) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of started) child.kill('SIGTERM');
    process.exit(130);
  });
}

/**
 * A port nobody listens on, on any address: other people's servers run on this machine too, and a server of ours
 * that cannot bind must not leave the runner talking to theirs. `wanted` 0 picks one.
 */
export function freePort(wanted = 0): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${wanted} is taken; pick another or pass 0 for any free one`) : error),
    );
    probe.listen(wanted, '0.0.0.0', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, failed: () => string | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode} before answering`);
    const failure = failed();
    if (failure) throw new Error(`${url}: the server could not start: ${failure}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function spawnServer(name: string, script: string, options: { env: NodeJS.ProcessEnv; execArgv?: string[]; port: number; readyPath: string }): Promise<Server> {
  const child = fork(script, [], {
    env: options.env,
    execArgv: options.execArgv ?? [],
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  started.add(child);
  // Keep the servers' log lines (warnings and errors at LOG_LEVEL=warn), not their start-up banner; a fatal one
  // means the API gave up starting (it may stay alive nonetheless).
  let pending = '';
  let fatal: string | null = null;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      process.stderr.write(`[${name}] ${line}\n`);
      if (line.includes('"level":60')) fatal = line.slice(0, 300);
    }
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const server: Server = {
    name,
    baseUrl,
    child,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timeout);
      }
      started.delete(child);
    },
  };
  return waitFor(`${baseUrl}${options.readyPath}`, child, () => fatal, 60_000).then(
    () => server,
    async (error: unknown) => {
      await server.stop('SIGKILL');
      throw error;
    },
  );
}

export interface ApiOptions {
  port: number;
  databaseUrl: string;
  jwtSecret: string;
  poolSize: number;
  /** Node flags, e.g. `--import bench/dist/sql-trace.js`. */
  execArgv?: string[];
}

/** The built API as production runs it, without rate limit and with warnings only. */
export function startApi(options: ApiOptions): Promise<Server> {
  return spawnServer('api', resolve(API_DIST, 'main.js'), {
    port: options.port,
    readyPath: '/ready',
    execArgv: options.execArgv,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      JWT_SECRET: options.jwtSecret,
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: options.databaseUrl,
      DATABASE_POOL_SIZE: String(options.poolSize),
      HOST: '127.0.0.1',
      PORT: String(options.port),
      ADMIN_EMAIL: '',
      ADMIN_PASSWORD: '',
      DEMO_DATA: 'false',
    },
  });
}

export function startBaseline(options: {
  port: number;
  databaseUrl: string;
  jwtSecret: string;
  poolSize: number;
  replayFile?: string;
  execArgv?: string[];
}): Promise<Server> {
  return spawnServer('raw', resolve(import.meta.dirname, 'baseline-server.js'), {
    port: options.port,
    readyPath: '/__bench/last-sql',
    execArgv: options.execArgv,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      JWT_SECRET: options.jwtSecret,
      POOL_SIZE: String(options.poolSize),
      PORT: String(options.port),
      ...(options.replayFile ? { BASELINE_REPLAY: options.replayFile } : {}),
    },
  });
}

let nextMessageId = 1;

/** Sends `message` to a server started with an IPC preload and waits for the reply of the same id. */
export function ask<Reply extends { id: number }>(server: Server, message: { type: string }, timeoutMs = 30_000): Promise<Reply> {
  const id = nextMessageId++;
  return new Promise((resolveReply, reject) => {
    const timeout = setTimeout(() => {
      server.child.off('message', onMessage);
      reject(new Error(`${server.name} did not answer ${message.type} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onMessage = (reply: Reply) => {
      if (reply?.id !== id) return;
      clearTimeout(timeout);
      server.child.off('message', onMessage);
      resolveReply(reply);
    };
    server.child.on('message', onMessage);
    server.child.send({ ...message, id });
  });
}
