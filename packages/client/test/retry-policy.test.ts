import { expect } from 'chai';
import { isRetryableStatus, retryDelayMs } from '../src/retry-policy';

describe('client retry policy', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

  it('should back off exponentially with jitter, capped', () => {
    expect(retryDelayMs(policy, 1, null, () => 0)).to.equal(50);
    expect(retryDelayMs(policy, 1, null, () => 1)).to.equal(100);
    expect(retryDelayMs(policy, 3, null, () => 1)).to.equal(400);
    expect(retryDelayMs(policy, 10, null, () => 1)).to.equal(1000);
  });

  it("should wait as the server's Retry-After says, within reason", () => {
    expect(retryDelayMs(policy, 1, '2', () => 0)).to.equal(2000);
    expect(retryDelayMs(policy, 1, '0', () => 0)).to.equal(0);
    expect(retryDelayMs(policy, 1, '3600', () => 0)).to.equal(4000);
    expect(retryDelayMs(policy, 1, 'soon', () => 1)).to.equal(100);
  });

  it('should retry a key in flight, rate limiting and server errors, and nothing the caller must fix', () => {
    for (const status of [409, 429, 500, 502, 503, 504]) expect(isRetryableStatus(status, '1'), String(status)).to.equal(true);
    for (const status of [429, 500, 502, 503, 504]) expect(isRetryableStatus(status), String(status)).to.equal(true);
    for (const status of [400, 401, 403, 404, 409, 413, 415, 422]) expect(isRetryableStatus(status), String(status)).to.equal(false);
  });
});
