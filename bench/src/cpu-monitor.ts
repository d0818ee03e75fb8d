import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * CPU use of the whole machine against that of the benchmark's own processes (runner, servers, their PostgreSQL
 * backends), from /proc. Other people's builds and tests share this machine: a run during which they took a core
 * says so in its figures instead of passing for a slow API.
 */
export interface CpuSnapshot {
  busy: number;
  /** Which of our processes belong to which group, and their CPU ticks so far. */
  groups: ProcessGroups;
  ticks: Map<number, number>;
  /** CPU ticks of the PostgreSQL server's children that have ended (parallel workers among them). */
  reaped: number;
}

export type ProcessGroups = Record<string, number[]>;

const TICKS_PER_SECOND = 100;
export const CORES = availableParallelism();

function machineBusyTicks(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal; idle and iowait are not busy.
  return fields.slice(0, 8).reduce((sum, value) => sum + value, 0) - fields[3]! - fields[4]!;
}

/** utime + stime of a process, or with `children` the cutime + cstime of its children that have ended. */
function processTicks(pid: number, children = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: utime, stime, cutime, cstime are the 14th to 17th of the line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return children ? Number(fields[13]) + Number(fields[14]) : Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0; // gone since
  }
}

/** The parent of a PostgreSQL backend: the postmaster, whose ended children include parallel query workers. */
export function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

export function cpuSnapshot(groups: ProcessGroups, postmaster: number | null = null): CpuSnapshot {
  const ticks = new Map<number, number>();
  for (const pids of Object.values(groups)) for (const pid of pids) ticks.set(pid, processTicks(pid));
  return { busy: machineBusyTicks(), groups, ticks, reaped: postmaster ? processTicks(postmaster, true) : 0 };
}

export interface CpuUse {
  /** Cores busy on average: the whole machine, and other people's processes. */
  machine: number;
  others: number;
  /** CPU seconds each group of ours used. */
  seconds: Record<string, number>;
  /**
   * CPU seconds of PostgreSQL processes that ended during the run: the parallel workers of our queries, but also any
   * session of anyone that closed meanwhile. Counted as ours, not as others'.
   */
  reaped: number;
}

/**
 * Between two snapshots, by the groups of the later one: a process that appeared meanwhile (a PostgreSQL backend
 * for a new pool connection) counts from its start.
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, wallSeconds: number): CpuUse {
  const machine = (after.busy - before.busy) / TICKS_PER_SECOND / wallSeconds;
  const seconds: Record<string, number> = {};
  let ours = 0;
  for (const [name, pids] of Object.entries(after.groups)) {
    const ticks = pids.reduce((sum, pid) => sum + (after.ticks.get(pid) ?? 0) - (before.ticks.get(pid) ?? 0), 0);
    seconds[name] = ticks / TICKS_PER_SECOND;
    ours += seconds[name];
  }
  const reaped = (after.reaped - before.reaped) / TICKS_PER_SECOND;
  return { machine, others: Math.max(0, machine - (ours + reaped) / wallSeconds), seconds, reaped };
}

/**
 * Waits until other processes leave the machine nearly idle (under `threshold` cores for three seconds in a row),
 * at most `timeoutSeconds`; returns the cores they were using when it stopped waiting.
 */
export async function waitForQuiet(pids: () => Promise<ProcessGroups>, threshold: number, timeoutSeconds: number): Promise<number> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let quiet = 0;
  let others = 0;
  let told = false;
  while (true) {
    const before = cpuSnapshot(await pids());
    await new Promise((resolveWait) => setTimeout(resolveWait, 1000));
    others = cpuBetween(before, cpuSnapshot(await pids()), 1).others;
    quiet = others < threshold ? quiet + 1 : 0;
    if (quiet >= 3 || Date.now() > deadline) return others;
    if (!told && others >= threshold) {
      process.stdout.write(`  waiting for other processes to leave the CPU (${others.toFixed(2)} cores busy)…\n`);
      told = true;
    }
  }
}
