import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../../test/support/test-app.js';
import { JobsService } from './jobs.service.js';

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('job runner', () => {
  let t: TestApp;
  let jobs: JobsService;

  beforeAll(async () => {
    t = await startTestApp();
    jobs = t.app.get(JobsService);
  });
  afterAll(() => t.close());

  it('starts with the app in its own schema and runs a sent job', async () => {
    expect(jobs.running).toBe(true);
    const received: unknown[] = [];
    await jobs.register<{ greeting: string }>('test-echo', async (data) => {
      received.push(data);
    });
    await jobs.send('test-echo', { greeting: 'hello' });
    await eventually(() => (received.length ? true : undefined));
    expect(received).toEqual([{ greeting: 'hello' }]);
    const [schema] = await t.query<{ count: string }>(`SELECT count(*) FROM pgboss.job WHERE name = 'test-echo'`);
    expect(Number(schema!.count)).toBe(1);
  });

  it('tries a failed job again', async () => {
    let attempts = 0;
    await jobs.register('test-flaky', async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('first attempt fails');
    }, { retryDelaySeconds: 1 });
    const id = await jobs.send('test-flaky', {});
    const state = await eventually(async () => {
      const [job] = await t.query<{ state: string }>(`SELECT state FROM pgboss.job WHERE id = $1`, [id]);
      return job?.state === 'completed' ? job.state : undefined;
    });
    expect([state, attempts]).toEqual(['completed', 2]);
  });

  it('shares the queue between instances: each job runs once, on whichever instance fetches it', async () => {
    const other = new JobsService({ databaseUrl: t.databaseUrl, enabled: true });
    await other.onModuleInit();
    try {
      const ran: string[] = [];
      const handler = (instance: string) => async (data: { n: number }) => {
        ran.push(`${instance}:${data.n}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      };
      await jobs.register('test-shared', handler('app'));
      await other.register('test-shared', handler('other'));
      for (let n = 0; n < 20; n += 1) await (n % 2 ? other : jobs).send('test-shared', { n });
      await eventually(() => (ran.length >= 20 ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ran.map((entry) => Number(entry.split(':')[1])).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n));
      expect(new Set(ran.map((entry) => entry.split(':')[0]))).toEqual(new Set(['app', 'other']));
    } finally {
      await other.beforeApplicationShutdown();
    }
  });

  it('stops with the app: a running handler is told to stop, its job waits for a retry, the connections close', async () => {
    let started = false;
    let sawAbort = false;
    await jobs.register('test-long', async (_data, job) => {
      started = true;
      await new Promise<void>((resolve) => job.signal.addEventListener('abort', () => resolve()));
      sawAbort = true;
      throw new Error('interrupted by shutdown');
    });
    const id = await jobs.send('test-long', {});
    await eventually(() => (started ? true : undefined));

    await t.app.close();

    expect(sawAbort).toBe(true);
    expect(jobs.running).toBe(false);
    const [job] = await t.query<{ state: string }>(`SELECT state FROM pgboss.job WHERE id = $1`, [id]);
    expect(job!.state).toBe('retry');
    const connections = await t.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'crm-jobs'`);
    expect(connections).toEqual([]);
  });
});
