import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createKafka, createLogger, ensureTopics, KafkaEventBus, connectMongo, connectRedis } from '@checkout/platform';
import { EXAMPLE_CREATE_SESSION_REQUEST } from '@checkout/contracts';
import { DEVELOPMENT_SANDBOX_WEBHOOK_SECRET, openSandboxCheckout } from '@checkout/providers';
import { redisRateLimits } from '@checkout/gateway';
import { MongoSessionStore, SessionLifecycle, type SessionDocument } from '@checkout/sessions';
import { runLoad, type LoadResult } from './load';
import { sessionDocument } from '../test/adapter-contracts/session-store.contract';

export interface BareServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A baseline HTTP server in a process of its own: `bare-node-server.ts` or `bare-express-server.ts`. */
export async function startBareServer(file: 'bare-node-server.ts' | 'bare-express-server.ts'): Promise<BareServer> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, file)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const url = `http://127.0.0.1:${chunk.toString().trim()}`;
  return { url, process: child, stop: async () => void (child.kill('SIGTERM'), await once(child, 'exit')) };
}

/** A bare endpoint, as fast as it answers, with the same body, load generator and connection count as the real one. */
export function bareLoad(url: string, connections: number, durationSeconds: number): Promise<LoadResult> {
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

/**
 * What the gateway's rate limiter costs one request: `consume` through the Redis-backed limits, from
 * `clients` concurrent loops on fresh applications (so none is ever limited), beside the SET NX loop.
 */
export async function rateLimiterConsume(redisUrl: string, clients: number, durationSeconds: number): Promise<{ opsPerSecond: number; latencyMs: { p50: number; p99: number } }> {
  const redis = await connectRedis(redisUrl);
  const limits = redisRateLimits(redis, { live: { writes: { perSecond: 1_000_000, burst: 0 }, reads: { perSecond: 1_000_000, burst: 0 } }, test: { writes: { perSecond: 1_000_000, burst: 0 }, reads: { perSecond: 1_000_000, burst: 0 } } });
  const latencies: number[] = [];
  const deadline = Date.now() + durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const applicationId = `bench-${randomUUID()}`;
      while (Date.now() < deadline) {
        const started = performance.now();
        const decision = await limits.consume({ applicationId, livemode: true }, 'writes');
        if (decision.kind !== 'allowed') throw new Error(`the limiter answered ${decision.kind}`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  await redis.quit();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 100) / 100;
  return { opsPerSecond: Math.round(latencies.length / durationSeconds), latencyMs: { p50: at(0.5), p99: at(0.99) } };
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

/** A session as the gateway stores it, with the seed's customer and items. */
export function sessionShaped(index: number): SessionDocument {
  const request = EXAMPLE_CREATE_SESSION_REQUEST;
  return sessionDocument({
    applicationId: `bench-app-${index % 50}`,
    amount: { totalMinor: 14076, shippingMinor: 995, taxMinor: 1181 },
    orderItems: [{ name: 'Wireless Headphones', sku: 'WH-100', quantity: 1, unitPriceMinor: 11900 }],
    customer: request.customer,
    shipping: { type: 'express', method: 'aus_post' },
    additionalInformation: request.additionalInformation ?? {},
    redirectUrls: request.redirectUrls,
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + 3_600_000),
  });
}

const factors = ['success_rate', 'latency', 'cost', 'health', 'preference'].map((factor) => ({ factor, weight: 0.2, value: 0.9, contribution: 18 }));

/** What the provider writes when the sandbox opened the session's checkout (its URL as long as the sandbox's). */
export function decidedChanges(session: Pick<SessionDocument, '_id' | 'orderReference' | 'currency' | 'amount' | 'redirectUrls' | 'expiresAt'>) {
  const { id: reference, path } = openSandboxCheckout(
    session._id,
    { orderReference: session.orderReference, paymentMethod: 'card', currency: session.currency, totalMinor: session.amount.totalMinor, successUrl: session.redirectUrls.success, cancelUrl: session.redirectUrls.failure, expiresAt: session.expiresAt },
    DEVELOPMENT_SANDBOX_WEBHOOK_SECRET,
  );
  return {
    routing: { selectedProvider: 'sandbox', score: 93, candidates: [{ provider: 'sandbox', score: 93, factors, rankedBy: 'score' as const, timeoutMs: 2000 }], rejected: [] },
    provider: { name: 'sandbox', reference },
    checkoutUrl: `http://localhost:8082${path}`,
    attempts: [{ provider: 'sandbox', outcome: 'succeeded' as const, latencyMs: 2, at: new Date().toISOString() }],
  };
}

/**
 * The database's rate for exactly what one created session costs it, through the real store: the
 * gateway's insert, the provider's read and its move to PENDING. `clients` loops at once, each on
 * fresh session-shaped documents in a database of its own.
 */
export async function databaseSessionRate(mongoUrl: string, clients: number, durationSeconds: number): Promise<{ sessionsPerSecond: number; operationsPerSecond: number }> {
  const connection = await connectMongo(mongoUrl, `bench_db_${Date.now()}`);
  const store = new MongoSessionStore(connection.db);
  await store.ensureIndexes();
  // The provider's move, without its announcement: only the database is measured here.
  const lifecycle = new SessionLifecycle(store, { publish: async () => undefined }, 'urn:bench');
  let sessions = 0;
  const deadline = Date.now() + durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (Date.now() < deadline) {
        const session = sessionShaped(client);
        await store.insert(session);
        const stored = await store.find(session._id);
        // As the provider does: the session it read, written back without reading it again.
        await lifecycle.decide(stored!, { from: 'PROCESSING', to: 'PENDING', changes: decidedChanges(session) });
        sessions += 1;
      }
    }),
  );
  await connection.db.dropDatabase();
  await connection.client.close();
  const sessionsPerSecond = Math.round(sessions / durationSeconds);
  return { sessionsPerSecond, operationsPerSecond: sessionsPerSecond * 3 };
}
