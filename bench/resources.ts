import { readFileSync } from 'node:fs';

export interface ProcessUsage {
  name: string;
  pid: number;
  /** Average CPU of one core, in percent, over the window. */
  cpuPercent: number;
  maxRssMb: number;
}

const TICKS_PER_SECOND = 100;

function sample(pid: number): { ticks: number; rssMb: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    const rssPages = Number(fields[21]);
    return { ticks, rssMb: (rssPages * 4096) / 1024 / 1024 };
  } catch {
    return undefined;
  }
}

/** Samples CPU and memory of named processes from /proc while a scenario runs. */
export class ResourceSampler {
  private readonly first = new Map<number, number>();
  private readonly maxRss = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;

  constructor(private readonly processes: { name: string; pid: number }[]) {}

  start(): void {
    this.startedAt = Date.now();
    for (const { pid } of this.processes) {
      const s = sample(pid);
      if (s) this.first.set(pid, s.ticks);
    }
    this.timer = setInterval(() => {
      for (const { pid } of this.processes) {
        const s = sample(pid);
        if (s) this.maxRss.set(pid, Math.max(this.maxRss.get(pid) ?? 0, s.rssMb));
      }
    }, 250);
  }

  stop(): ProcessUsage[] {
    clearInterval(this.timer);
    const seconds = (Date.now() - this.startedAt) / 1000;
    return this.processes.map(({ name, pid }) => {
      const end = sample(pid);
      const ticks = end && this.first.has(pid) ? end.ticks - this.first.get(pid)! : 0;
      return {
        name,
        pid,
        cpuPercent: Math.round((ticks / TICKS_PER_SECOND / seconds) * 1000) / 10,
        maxRssMb: Math.round(Math.max(this.maxRss.get(pid) ?? 0, end?.rssMb ?? 0)),
      };
    });
  }
}
