import { expect } from 'chai';

// kafkajs's own request queue, as patched by patches/kafkajs+2.2.4.patch (applied by `npm ci`'s postinstall).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: Record<string, unknown>) => {
  pending: unknown[];
  throttleCheckTimeoutId: unknown;
  checkPendingRequests(): void;
  destroy(): void;
};

describe('the kafkajs patch (patches/kafkajs+2.2.4.patch)', () => {
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const queue = () => new RequestQueue({ instrumentationEmitter: null, maxInFlightRequests: null, requestTimeout: 1000, enforceRequestTimeout: false, clientId: 'test', broker: 'b:9092', logger: quiet });

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
});
