// `npx tsx bench/decide-write.ts [-- --sessions 1000 --rounds 4]`: the provider's write of a decided
// session, alone, on the local MongoDB wire server: deciding by id (a findAndModify that returns the
// session, decoded again) against deciding the session the provider has just read (an update that
// returns nothing). Alternating blocks of fresh PROCESSING sessions, one at a time; CPU of this client
// (process.cpuUsage: the driver's encoding and decoding) and of the server (FerretDB and PostgreSQL's
// backends, from /proc) per decide, and wall time per decide.
import { execFileSync } from 'node:child_process';
import { connectMongo } from '@checkout/platform';
import { MongoSessionStore, SessionLifecycle, type SessionDocument } from '@checkout/sessions';
import { ResourceSampler } from './resources';
import { sessionShaped, decidedChanges } from './baselines';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

const SESSIONS = Number(option('sessions', '1000'));
const ROUNDS = Number(option('rounds', '4'));
const round2 = (value: number) => Math.round(value * 1000) / 1000;

function serverProcesses(): { name: string; pid: number }[] {
  const pids = (pattern: string) => execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  return [...pids('ferretdb').map((pid) => ({ name: 'ferretdb', pid })), ...pids('postgres: ').map((pid) => ({ name: 'postgres', pid }))];
}

async function main(): Promise<void> {
  const connection = await connectMongo(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017', `bench_decide_${Date.now()}`);
  const store = new MongoSessionStore(connection.db);
  await store.ensureIndexes();
  const lifecycle = new SessionLifecycle(store, { publish: async () => undefined }, 'urn:bench');
  const ways: Record<string, (stored: SessionDocument) => Promise<unknown>> = {
    'by id (findAndModify, returned)': (stored) => lifecycle.decide(stored._id, { from: 'PROCESSING', to: 'PENDING', changes: decidedChanges(stored) }),
    'the session read (update)': (stored) => lifecycle.decide(stored, { from: 'PROCESSING', to: 'PENDING', changes: decidedChanges(stored) }),
  };
  const results: Record<string, { clientCpuMs: number[]; serverCpuMs: number[]; wallMs: number[] }> = {};
  for (let round = 0; round <= ROUNDS; round += 1) {
    for (const [name, decide] of Object.entries(ways)) {
      const stored: SessionDocument[] = [];
      for (let index = 0; index < SESSIONS; index += 1) {
        const session = sessionShaped(index);
        await store.insert(session);
        stored.push((await store.find(session._id))!);
      }
      const sampler = new ResourceSampler(serverProcesses());
      sampler.start();
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (const session of stored) await decide(session);
      const wall = performance.now() - started;
      const client = process.cpuUsage(cpu);
      const server = sampler.stop().reduce((sum, entry) => sum + entry.cpuMs, 0);
      // Round 0 warms the JIT and the server's caches: not counted.
      if (round === 0) continue;
      const entry = (results[name] ??= { clientCpuMs: [], serverCpuMs: [], wallMs: [] });
      entry.clientCpuMs.push(round2((client.user + client.system) / 1000 / SESSIONS));
      entry.serverCpuMs.push(round2(server / SESSIONS));
      entry.wallMs.push(round2(wall / SESSIONS));
    }
  }
  await connection.db.dropDatabase();
  await connection.client.close();
  process.stdout.write(`${SESSIONS} decides per block, ${ROUNDS} rounds after a warm-up round; per decide:\n`);
  for (const [name, entry] of Object.entries(results)) {
    process.stdout.write(`${name}: client CPU ${entry.clientCpuMs.join(' / ')} ms; server CPU ${entry.serverCpuMs.join(' / ')} ms; wall ${entry.wallMs.join(' / ')} ms\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
