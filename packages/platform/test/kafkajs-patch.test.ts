import { expect } from 'chai';

// kafkajs's own request queue, as patched by patches/kafkajs+2.2.4.patch (applied by `npm ci`'s postinstall).
interface Entry {
  correlationId: number;
  apiName: string;
  apiKey: number;
  apiVersion: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
}
interface Queue {
  pending: unknown[];
  inflight: Map<number, unknown>;
  throttleCheckTimeoutId: unknown;
  checkPendingRequests(): void;
  scheduleRequestTimeoutCheck(): void;
  push(request: { entry: Entry; expectResponse: boolean; sendRequest(): void }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  destroy(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: Record<string, unknown>) => Queue;

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const queue = (options: { enforceRequestTimeout?: boolean; requestTimeout?: number } = {}): Queue =>
  new RequestQueue({
    instrumentationEmitter: null,
    maxInFlightRequests: null,
    requestTimeout: options.requestTimeout ?? 1000,
    enforceRequestTimeout: options.enforceRequestTimeout ?? false,
    clientId: 'test',
    broker: 'b:9092',
    logger: quiet,
  });
const timers = (): number => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function request(correlationId: number) {
  const outcome: { resolved?: unknown; rejected?: Error } = {};
  const entry: Entry = {
    correlationId,
    apiName: 'Fetch',
    apiKey: 1,
    apiVersion: 11,
    resolve: (value) => (outcome.resolved = value),
    reject: (error) => (outcome.rejected = error),
  };
  return { pushed: { entry, expectResponse: true, sendRequest: () => undefined }, outcome };
}

describe('the kafkajs patch (patches/kafkajs+2.2.4.patch)', () => {
  it('should schedule no check while nothing is pending: no 1 ms timer loop on an idle connection', () => {
    const idle = queue();
    idle.checkPendingRequests();
    expect(idle.throttleCheckTimeoutId, 'a timer was scheduled with nothing pending').to.equal(null);
  });

  it('should still schedule a check while a request waits', () => {
    const busy = queue();
    busy.pending.push({});
    (busy as unknown as { scheduleCheckPendingRequests(): void }).scheduleCheckPendingRequests();
    expect(busy.throttleCheckTimeoutId).not.to.equal(null);
    busy.destroy();
  });

  it('should start no timer for a connected, idle connection (no 100 ms interval per connection)', () => {
    const before = timers();
    const connected = queue({ enforceRequestTimeout: true });
    connected.scheduleRequestTimeoutCheck();
    expect(timers()).to.equal(before);
    connected.destroy();
  });

  it('should still time out a request that gets no answer, on its own timer', async () => {
    const connection = queue({ enforceRequestTimeout: true, requestTimeout: 30 });
    connection.scheduleRequestTimeoutCheck();
    const { pushed, outcome } = request(1);
    connection.push(pushed);
    expect(connection.inflight.size).to.equal(1);
    await sleep(80);
    expect(outcome.rejected?.name).to.equal('KafkaJSRequestTimeoutError');
    expect(connection.inflight.size, 'a timed-out request left in flight').to.equal(0);
  });

  it('should clear the timer of a request answered in time', async () => {
    const connection = queue({ enforceRequestTimeout: true, requestTimeout: 30 });
    const before = timers();
    const { pushed, outcome } = request(2);
    connection.push(pushed);
    expect(timers()).to.equal(before + 1);
    connection.fulfillRequest({ correlationId: 2, payload: Buffer.alloc(0), size: 0 });
    expect(timers(), 'the answered request kept its timer').to.equal(before);
    await sleep(60);
    expect(outcome.resolved).to.not.equal(undefined);
    expect(outcome.rejected).to.equal(undefined);
  });

  it('should arm no timer when request timeouts are not enforced', () => {
    const connection = queue({ enforceRequestTimeout: false, requestTimeout: 30 });
    const before = timers();
    connection.push(request(3).pushed);
    expect(timers()).to.equal(before);
  });
});
