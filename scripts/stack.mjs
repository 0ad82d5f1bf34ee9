#!/usr/bin/env node
// `npm run stack`: the three services as separate processes against the local real infrastructure
// (scripts/infra.sh), the production shape on one machine. Ctrl-C stops them gracefully.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 8080);
const { DEVELOPMENT_JWT_SECRET: devSecret } = createRequire(import.meta.url)('../services/gateway/dist/dev-token.js');

if (!process.env.REDIS_URL && !process.env.KAFKA_BROKERS && !process.env.MONGO_URL) {
  const infra = spawnSync('bash', [path.join(root, 'scripts/infra.sh'), 'up'], { stdio: 'inherit' });
  if (infra.status !== 0) process.exit(infra.status ?? 1);
}

const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  JWT_HS256_SECRET: process.env.JWT_HS256_SECRET ?? devSecret,
  ALLOW_HTTP_LOCALHOST_REDIRECTS: process.env.ALLOW_HTTP_LOCALHOST_REDIRECTS ?? 'true',
  ALLOW_HTTP_LOCALHOST_WEBHOOKS: process.env.ALLOW_HTTP_LOCALHOST_WEBHOOKS ?? 'true',
  SANDBOX_PUBLIC_URL: process.env.SANDBOX_PUBLIC_URL ?? `http://localhost:${process.env.PROVIDER_PORT ?? 8082}`,
  // Local development: webhooks may go to receivers on this machine.
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? 'true',
};

const children = [
  ['routing', { HEALTH_PORT: process.env.ROUTING_HEALTH_PORT ?? '8081' }],
  ['provider', { PORT: process.env.PROVIDER_PORT ?? '8082' }],
  ['notifications', { HEALTH_PORT: process.env.NOTIFICATIONS_HEALTH_PORT ?? '8083' }],
  ['gateway', { PORT: String(port) }],
].map(([name, extra]) => {
  const child = spawn(process.execPath, [path.join(root, 'services', name, 'dist', 'main.js')], {
    env: { ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(`[${name}] ${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    process.stdout.write(`[${name}] exited (${signal ?? code})\n`);
    if (!stopping) stop(code ?? 1);
  });
  return child;
});

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

for (let i = 0; i < 300; i += 1) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
  } catch {
    // not yet listening
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const token = spawnSync(process.execPath, [path.join(root, 'services/gateway/dist/dev-token.js'), '--app', 'demo-merchant'], { env }).stdout.toString().trim();
process.stdout.write(`
Checkout is running on http://localhost:${port} (routing, provider, notifications and gateway as separate processes).
Development token for application "demo-merchant":
  ${token}
Try it:
  curl -s -X POST http://localhost:${port}/api/v1/sessions -H 'Content-Type: application/json' -H "Idempotency-Key: $(date +%s%N)" -H 'Authorization: Bearer ${token}' -d @docs/examples/create-session.json
Metrics: http://localhost:${port}/metrics, http://localhost:${process.env.ROUTING_HEALTH_PORT ?? 8081}/metrics, http://localhost:${process.env.PROVIDER_PORT ?? 8082}/metrics, http://localhost:${process.env.NOTIFICATIONS_HEALTH_PORT ?? 8083}/metrics
Traces go to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318 (OTEL_EXPORTER_OTLP_ENDPOINT), when a collector listens there'}.
`);
