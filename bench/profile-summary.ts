import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface HotFunction {
  function: string;
  where: string;
  selfPercent: number;
}

interface Profile {
  nodes: ProfileNode[];
  /** The node of each sample, in order, and the microseconds before each (V8's .cpuprofile). */
  samples?: number[];
  timeDeltas?: number[];
}

/** Each node's samples taken `fromMs` or later after the profile began (all of them from 0). */
function hitsFrom(profile: Profile, fromMs: number): Map<number, number> {
  const hits = new Map<number, number>();
  if (fromMs <= 0 || !profile.samples || !profile.timeDeltas) {
    for (const node of profile.nodes) hits.set(node.id, node.hitCount ?? 0);
    return hits;
  }
  let elapsedMicros = 0;
  profile.samples.forEach((id, index) => {
    elapsedMicros += profile.timeDeltas![index] ?? 0;
    if (elapsedMicros >= fromMs * 1000) hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  return hits;
}

/**
 * The functions with the most self time in a V8 .cpuprofile, grouped by function and file, as shares
 * of the busy samples: `(idle)` (the event loop waiting) is left out, so that the table says where
 * the process's CPU goes, whatever the load. `--cpu-prof` profiles from the process's start: with
 * `fromMs`, only the samples taken from then on count (the load's window, not the start-up's module
 * loading).
 */
export function hottestFunctions(file: string, options: { top?: number; fromMs?: number } = {}): HotFunction[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const hitsOf = hitsFrom(profile, options.fromMs ?? 0);
  const totals = new Map<string, { fn: string; where: string; hits: number }>();
  let all = 0;
  for (const node of profile.nodes) {
    if (node.callFrame.functionName === '(idle)') continue;
    const hits = hitsOf.get(node.id) ?? 0;
    all += hits;
    const url = node.callFrame.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'node_modules/').replace(/^.*\/(services|packages)\//, '$1/');
    const fn = node.callFrame.functionName || '(anonymous)';
    const key = `${fn}@${url}`;
    const entry = totals.get(key) ?? { fn, where: url || '(native)', hits: 0 };
    entry.hits += hits;
    totals.set(key, entry);
  }
  return [...totals.values()]
    .filter((entry) => entry.hits > 0)
    .sort((a, b) => b.hits - a.hits)
    .slice(0, options.top ?? 15)
    .map((entry) => ({ function: entry.fn, where: entry.where, selfPercent: Math.round((entry.hits / all) * 1000) / 10 }));
}
