import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/** Where scripts/infra.sh keeps its state (pid files under run/). */
export const INFRA_DIR = process.env.CHECKOUT_INFRA_DIR ?? path.join(ROOT, '.infra');

export const INFRA_PORTS = {
  redis: Number(process.env.CHECKOUT_REDIS_PORT ?? 6379),
  kafka: Number(process.env.CHECKOUT_KAFKA_PORT ?? 9092),
  postgres: Number(process.env.CHECKOUT_POSTGRES_PORT ?? 54329),
  ferretdb: Number(process.env.CHECKOUT_FERRETDB_PORT ?? 27017),
} as const;

/** The process listening on a loopback port, from `ss` (servers started by another checkout or by hand). */
function listenerOf(port: number): number | undefined {
  const listed = spawnSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const match = /pid=(\d+)/.exec(listed.stdout ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The infrastructure's server processes: from this checkout's pid files, else whoever listens on their ports. */
export function infraPids(): { name: string; pid: number }[] {
  const run = path.join(INFRA_DIR, 'run');
  const fromFiles = new Map(
    (existsSync(run) ? readdirSync(run) : []).filter((file) => file.endsWith('.pid')).map((file) => [file.replace('.pid', ''), Number(readFileSync(path.join(run, file), 'utf8'))] as const),
  );
  return Object.entries(INFRA_PORTS).flatMap(([name, port]) => {
    const pid = fromFiles.get(name) ?? listenerOf(port);
    return pid ? [{ name, pid }] : [];
  });
}
