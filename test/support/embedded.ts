import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { eventually } from './eventually';
import { freePort } from './services';

const ROOT = path.resolve(__dirname, '../..');

/** `npm start`'s process on a port of its own (on this Node, or the one `nodePath` names); its banner carries the development token and the console's signed-in URL. */
export async function startEmbedded(env: Record<string, string> = {}, nodePath = process.execPath): Promise<{ url: string; token: string; consoleUrl: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(nodePath, [path.join(ROOT, 'services/embedded/dist/main.js')], { env: { ...process.env, PORT: String(port), LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually(async () => expect(output).to.match(/^Development token/m), 60_000);
  const lines = output.split('\n');
  return {
    url: `http://127.0.0.1:${port}`,
    token: lines[lines.findIndex((line) => line.startsWith('Development token')) + 1]!.trim(),
    consoleUrl: /^Console \([^)]*\): (\S+)$/m.exec(output)?.[1] ?? '',
    process: child,
  };
}

export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

