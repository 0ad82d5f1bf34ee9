import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface RunningService {
  name: string;
  port: number;
  process: ChildProcess;
  /** Everything the process wrote, for assertions about logs and for failure reports. */
  output: () => string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Starts `services/<service>/dist/main.js` as its own process and waits until its /readyz
 * answers 200 on `port` (the gateway's HTTP port, the health port of the others).
 */
export async function startService(
  /** `embedded`: `npm start`'s one process (its gateway's PORT). */
  service: 'gateway' | 'routing' | 'provider' | 'notifications' | 'embedded',
  port: number,
  env: Record<string, string>,
  label: string = service,
  nodeArgs: string[] = [],
  /** Another checkout's build (the benchmark's baseline); this one by default. */
  root: string = ROOT,
): Promise<RunningService> {
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'services', service, 'dist', 'main.js')], {
    cwd: root,
    // A development deployment unless a test says otherwise (in a container an unset NODE_ENV is production).
    env: { ...process.env, NODE_ENV: 'development', ...env, [service === 'routing' || service === 'notifications' ? 'HEALTH_PORT' : 'PORT']: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`${label} exited while starting:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${label} was not ready within 60 s:\n${output}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    name: label,
    port,
    process: child,
    output: () => output,
    stop: async () => {
      if (exited) return;
      const done = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await done;
      clearTimeout(timer);
    },
  };
}
