// `npm run chaos`: the full run (three rounds of every fault), its figures printed.
import { runChaos } from './chaos';

runChaos({ merchants: 8, rounds: Number(process.env.CHAOS_ROUNDS ?? 3), log: (line) => process.stdout.write(`[chaos] ${line}\n`) }).then(
  (report) => {
    process.stdout.write(`[chaos] ${JSON.stringify(report, null, 2)}\n`);
    process.exit(report.problems.length === 0 ? 0 : 1);
  },
  (error: unknown) => {
    process.stderr.write(`[chaos] failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
