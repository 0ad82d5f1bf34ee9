import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessUsage {
  name: string;
  pid: number;
  /** Average CPU of one core, in percent, over the window (the process and every descendant). */
  cpuPercent: number;
  /** CPU time over the window, in milliseconds. */
  cpuMs: number;
  maxRssMb: number;
}

const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

interface Stat {
  ppid: number;
  ticks: number;
  rssMb: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), rssMb: (Number(fields[21]) * PAGE_BYTES) / 2 ** 20 };
  } catch {
    return undefined;
  }
}

/** Every live process, by pid. */
function snapshot(): Map<number, Stat> {
  const all = new Map<number, Stat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s) all.set(Number(entry), s);
  }
  return all;
}

/** `root` and its descendants (PostgreSQL's backends, a JVM's helpers), in one snapshot. */
function tree(all: Map<number, Stat>, root: number): number[] {
  const pids = [root];
  for (let i = 0; i < pids.length; i += 1) for (const [pid, s] of all) if (s.ppid === pids[i]) pids.push(pid);
  return pids.filter((pid) => all.has(pid));
}

/**
 * Samples the CPU and memory of named process trees from /proc while a scenario runs: each root
 * with its descendants, so a PostgreSQL server counts its backends. A descendant born during the
 * window counts from zero.
 */
export class ResourceSampler {
  private readonly firstTicks = new Map<number, number>();
  private readonly maxRss = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;

  /** `alone`: the process without its descendants (the load generator, whose children are the services). */
  constructor(private readonly processes: { name: string; pid: number; alone?: boolean }[]) {}

  private members(all: Map<number, Stat>, entry: { pid: number; alone?: boolean }): number[] {
    return entry.alone ? (all.has(entry.pid) ? [entry.pid] : []) : tree(all, entry.pid);
  }

  start(): void {
    this.startedAt = Date.now();
    const all = snapshot();
    for (const entry of this.processes) for (const member of this.members(all, entry)) this.firstTicks.set(member, all.get(member)!.ticks);
    this.timer = setInterval(() => this.sampleMemory(snapshot()), 500);
  }

  stop(): ProcessUsage[] {
    clearInterval(this.timer);
    const seconds = (Date.now() - this.startedAt) / 1000;
    const all = snapshot();
    this.sampleMemory(all);
    return this.processes.map((entry) => {
      const { name, pid } = entry;
      const ticks = this.members(all, entry).reduce((sum, member) => sum + all.get(member)!.ticks - (this.firstTicks.get(member) ?? 0), 0);
      const cpuMs = (ticks / TICKS_PER_SECOND) * 1000;
      return { name, pid, cpuPercent: Math.round((cpuMs / 1000 / seconds) * 1000) / 10, cpuMs: Math.round(cpuMs), maxRssMb: Math.round(this.maxRss.get(name) ?? 0) };
    });
  }

  private sampleMemory(all: Map<number, Stat>): void {
    for (const entry of this.processes) {
      const rss = this.members(all, entry).reduce((sum, member) => sum + all.get(member)!.rssMb, 0);
      this.maxRss.set(entry.name, Math.max(this.maxRss.get(entry.name) ?? 0, rss));
    }
  }
}
