import autocannon from 'autocannon';
import type { WriteRequest } from './deal-moves.js';

/** One timed run against one server. */
export interface Sample {
  /** Latency of every 2xx answer, ms. */
  latencies: number[];
  bytes: number;
  seconds: number;
  /** Answers other than 2xx, connection errors and timeouts. */
  failures: number;
  statusCodes: Record<string, number>;
  /** Cores busy on average during the run: the whole machine, and other people's processes. */
  machineCores: number;
  otherCores: number;
  /** CPU seconds of the server process and of its PostgreSQL backends during the run. */
  serverCpuSeconds: number;
  postgresCpuSeconds: number;
}

export interface Measurement {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Mean answer size, bytes. */
  bytes: number;
  failures: number;
  statusCodes: Record<string, number>;
  /** The busiest run's share of other people's processes, in cores. */
  otherCores: number;
  /** CPU time per answered request, ms: the server process, and PostgreSQL for it. Less sensitive to a busy machine than req/s. */
  serverCpuMs: number;
  postgresCpuMs: number;
  rounds: number;
}

/**
 * Drives `url` with `connections` keep-alive connections for `seconds`, and takes every 2xx latency itself:
 * autocannon's summary has no p95. With `next`, each request is the one `next` gives (a write: its own path and body).
 */
export function measure(
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
  next?: () => WriteRequest,
): Promise<Omit<Sample, 'machineCores' | 'otherCores' | 'serverCpuSeconds' | 'postgresCpuSeconds'>> {
  const latencies: number[] = [];
  let bytes = 0;
  return new Promise((resolveMeasure, reject) => {
    const requests = next
      ? [{ setupRequest: (request: autocannon.Request) => ({ ...request, ...next() }) }]
      : undefined;
    const instance = autocannon({ url, headers, connections, duration: seconds, pipelining: 1, timeout: 30, requests }, (error, result) => {
      if (error) return reject(error);
      const statusCodes: Record<string, number> = {};
      for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count ?? 0;
      resolveMeasure({ latencies, bytes, seconds: result.duration, failures: result.non2xx + result.errors + result.timeouts, statusCodes });
    });
    instance.on('response', (_client, statusCode, responseBytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) {
        latencies.push(responseTime);
        bytes += responseBytes;
      }
    });
  });
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

/** The runs of one server in one scenario taken together, as one longer run. */
export function summarize(samples: Sample[]): Measurement {
  const sorted = Float64Array.from(samples.flatMap((sample) => sample.latencies)).sort();
  const seconds = samples.reduce((sum, sample) => sum + sample.seconds, 0);
  const statusCodes: Record<string, number> = {};
  for (const sample of samples) for (const [code, count] of Object.entries(sample.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  return {
    requests: sorted.length,
    seconds,
    rps: sorted.length / seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    bytes: sorted.length ? samples.reduce((sum, sample) => sum + sample.bytes, 0) / sorted.length : 0,
    failures: samples.reduce((sum, sample) => sum + sample.failures, 0),
    statusCodes,
    otherCores: Math.max(...samples.map((sample) => sample.otherCores)),
    serverCpuMs: (samples.reduce((sum, sample) => sum + sample.serverCpuSeconds, 0) * 1000) / sorted.length,
    postgresCpuMs: (samples.reduce((sum, sample) => sum + sample.postgresCpuSeconds, 0) * 1000) / sorted.length,
    rounds: samples.length,
  };
}
