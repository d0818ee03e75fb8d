import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Who a frame belongs to: an npm package, a part of the API, Node itself, or V8's own buckets (GC, idle…). */
function ownerOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const api = /\/apps\/api\/dist\/(.+?)\/[^/]+$/.exec(url);
  if (api) return `api ${api[1]}`;
  if (url.includes('/libs/')) return 'libs';
  return 'other';
}

export interface ProfileSummary {
  totalMs: number;
  byOwner: { owner: string; ms: number; share: number }[];
  /** Time with a frame of the package anywhere on the stack: what it costs including what it calls. */
  byOwnerInclusive: { owner: string; ms: number; share: number }[];
  byFunction: { name: string; owner: string; ms: number; share: number }[];
}

/** Self time per package and per function of a `.cpuprofile`, busiest first, idle time left out of the shares. */
export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index + 1] ?? 0)));

  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const stackOwners = new Map<number, Set<string>>();
  const ownersOnStack = (id: number): Set<string> => {
    let owners = stackOwners.get(id);
    if (!owners) {
      const parent = parents.get(id);
      owners = new Set(parent === undefined ? [] : ownersOnStack(parent));
      owners.add(ownerOf(nodes.get(id)!.callFrame));
      stackOwners.set(id, owners);
    }
    return owners;
  };
  const inclusive = new Map<string, number>();
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, { owner: string; us: number }>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    busyUs += us;
    for (const owner of ownersOnStack(id)) inclusive.set(owner, (inclusive.get(owner) ?? 0) + us);
    const owner = ownerOf(frame);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
    const file = frame.url.split('/').slice(-1)[0] ?? '';
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    const entry = byFunction.get(name) ?? { owner, us: 0 };
    entry.us += us;
    byFunction.set(name, entry);
  }
  const share = (us: number) => us / busyUs;
  return {
    totalMs: busyUs / 1000,
    byOwner: [...byOwner]
      .map(([owner, us]) => ({ owner, ms: us / 1000, share: share(us) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top),
    byOwnerInclusive: [...inclusive]
      .filter(([owner]) => !owner.startsWith('(') && owner !== 'node internals')
      .map(([owner, us]) => ({ owner, ms: us / 1000, share: share(us) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top),
    byFunction: [...byFunction]
      .map(([name, { owner, us }]) => ({ name, owner, ms: us / 1000, share: share(us) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top),
  };
}

export function formatProfile(summary: ProfileSummary): string {
  const pct = (value: number) => `${(value * 100).toFixed(1).padStart(5)} %`;
  return [
    `  ${(summary.totalMs / 1000).toFixed(1)} s sampled outside idle; self time by package:`,
    ...summary.byOwner.map((row) => `    ${pct(row.share)}  ${row.owner}`),
    '  time with the package on the stack (inclusive):',
    ...summary.byOwnerInclusive.map((row) => `    ${pct(row.share)}  ${row.owner}`),
    '  hottest functions (self time):',
    ...summary.byFunction.map((row) => `    ${pct(row.share)}  ${row.name}  [${row.owner}]`),
  ].join('\n');
}
