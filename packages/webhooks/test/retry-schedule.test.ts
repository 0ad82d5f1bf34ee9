import { expect } from 'chai';
import { DEFAULT_RETRY_SCHEDULE, parseDurations, RetrySchedule } from '@checkout/webhooks';

describe('RetrySchedule', () => {
  it('should default to the Standard Webhooks schedule: 7 retries over about 27 hours', () => {
    const delays = parseDurations(DEFAULT_RETRY_SCHEDULE);
    expect(delays).to.deep.equal([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(delays.reduce((sum, delay) => sum + delay, 0) / 3_600_000).to.be.within(27, 28);
    expect(new RetrySchedule(delays).maxAttempts).to.equal(8);
  });

  it('should spread each delay by at most ±20%, and end after the last', () => {
    const low = new RetrySchedule([1000, 2000], 0.2, () => 0);
    const high = new RetrySchedule([1000, 2000], 0.2, () => 0.999999);
    expect(low.delayAfter(1)).to.equal(800);
    expect(high.delayAfter(2)).to.equal(2400);
    expect(low.delayAfter(3)).to.equal(null);
    const spread = new Set(Array.from({ length: 50 }, () => new RetrySchedule([1000]).delayAfter(1)));
    expect(spread.size, 'jittered').to.be.greaterThan(10);
    for (const delay of spread) expect(delay).to.be.within(800, 1200);
  });

  it('should read durations in ms, s, m, h and d, and refuse anything else', () => {
    expect(parseDurations('250ms, 1.5s,2m,1h,1d')).to.deep.equal([250, 1500, 120_000, 3_600_000, 86_400_000]);
    expect(() => parseDurations('5 minutes')).to.throw(/not a duration/);
    expect(() => parseDurations('5s,,5m')).to.throw(/not a duration/);
    expect(() => new RetrySchedule([-1])).to.throw(/non-negative/);
  });
});
