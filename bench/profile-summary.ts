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

/**
 * The functions with the most self time in a V8 .cpuprofile, grouped by function and file, as shares
 * of the busy samples: `(idle)` (the event loop waiting) is left out, so that the table says where
 * the process's CPU goes, whatever the load.
 */
export function hottestFunctions(file: string, top = 15): HotFunction[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
  const totals = new Map<string, { fn: string; where: string; hits: number }>();
  let all = 0;
  for (const node of profile.nodes) {
    if (node.callFrame.functionName === '(idle)') continue;
    const hits = node.hitCount ?? 0;
    all += hits;
    const url = node.callFrame.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'node_modules/').replace(/^.*\/(services|packages)\//, '$1/');
    const fn = node.callFrame.functionName || '(anonymous)';
    const key = `${fn}@${url}`;
    const entry = totals.get(key) ?? { fn, where: url || '(native)', hits: 0 };
    entry.hits += hits;
    totals.set(key, entry);
  }
  return [...totals.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, top)
    .map((entry) => ({ function: entry.fn, where: entry.where, selfPercent: Math.round((entry.hits / all) * 1000) / 10 }));
}
