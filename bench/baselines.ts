import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createKafka, createLogger, ensureTopics, KafkaEventBus, connectRedis } from '@checkout/platform';
import { EXAMPLE_CREATE_SESSION_REQUEST } from '@checkout/contracts';
import { runLoad, type LoadResult } from './load';

export async function startBareExpress(): Promise<{ url: string; process: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'bare-express-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const url = `http://127.0.0.1:${chunk.toString().trim()}`;
  return { url, process: child, stop: async () => void (child.kill('SIGTERM'), await once(child, 'exit')) };
}

/** The bare endpoint, as fast as it answers, with the same body and connection count as the real one. */
export function bareExpressLoad(url: string, connections: number, durationSeconds: number): Promise<LoadResult> {
  return runLoad({
    url: `${url}/api/v1/sessions`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(EXAMPLE_CREATE_SESSION_REQUEST),
    accept: (status) => status === 201,
    connections,
    durationSeconds,
  });
}

/** SET NX PX with fresh keys from `clients` concurrent loops: the idempotency reservation, alone. */
export async function redisSetNx(redisUrl: string, clients: number, durationSeconds: number): Promise<{ opsPerSecond: number }> {
  const redis = await connectRedis(redisUrl);
  let ops = 0;
  const deadline = Date.now() + durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline) {
        await redis.set(`bench:setnx:${randomUUID()}`, '1', 'PX', 60_000, 'NX');
        ops += 1;
      }
    }),
  );
  await redis.quit();
  return { opsPerSecond: Math.round(ops / durationSeconds) };
}

/** kafkajs publish (acks=all, idempotent) → consume on a fresh topic: throughput and round-trip latency. */
export async function kafkaRoundTrip(brokers: string[], concurrency: number, durationSeconds: number): Promise<{ messagesPerSecond: number; latencyMs: { p50: number; p99: number } }> {
  const logger = createLogger({ service: 'bench', level: 'error' });
  const kafka = createKafka({ clientId: 'bench', brokers, logger });
  const bus = new KafkaEventBus(kafka, logger);
  const topic = `bench-roundtrip-${randomUUID()}`;
  await ensureTopics(kafka, [{ topic, partitions: 6 }]);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const waiting = new Map<string, () => void>();
  await bus.subscribe({
    groupId: `bench-${randomUUID()}`,
    topics: [topic],
    handler: async (message) => {
      const started = sentAt.get(message.key);
      if (started !== undefined) latencies.push(Date.now() - started);
      waiting.get(message.key)?.();
    },
  });
  const deadline = Date.now() + durationSeconds * 1000;
  let received = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const key = randomUUID();
        const done = new Promise<void>((resolve) => waiting.set(key, resolve));
        sentAt.set(key, Date.now());
        await bus.publish(topic, [{ key, value: Buffer.from('{}'), headers: {} }]);
        await done;
        waiting.delete(key);
        received += 1;
      }
    }),
  );
  await bus.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { messagesPerSecond: Math.round(received / durationSeconds), latencyMs: { p50: at(0.5), p99: at(0.99) } };
}
