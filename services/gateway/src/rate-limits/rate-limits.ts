import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from '@checkout/platform';

/** Each application has two budgets, as Stripe's live mode: writes (create, expire) and reads. */
export type RateLimitBudget = 'writes' | 'reads';

export interface RateLimitPolicy {
  /** Requests per second, per application. */
  perSecond: number;
  /** Extra requests an application may make over BURST_WINDOW_SECONDS beyond the steady rate. */
  burst: number;
}

export const BURST_WINDOW_SECONDS = 10;

/** What one request cost its application's budget. `unlimited`: the budget's store cannot be reached, so the request was let through. */
export type RateLimitDecision =
  | { kind: 'allowed' | 'limited'; budget: RateLimitBudget; policy: RateLimitPolicy; remaining: number; resetSeconds: number }
  | { kind: 'unlimited'; budget: RateLimitBudget; policy: RateLimitPolicy };

/** The gateway's per-application rate limits; the same limits hold across every replica sharing the store. */
export interface RateLimits {
  consume(applicationId: string, budget: RateLimitBudget): Promise<RateLimitDecision>;
}

type Store = (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;

/**
 * RateLimits on rate-limiter-flexible: per budget a one-second window of `perSecond` requests and,
 * once that is spent, a burst allowance refilled every BURST_WINDOW_SECONDS (BurstyRateLimiter).
 * A store that cannot be reached fails open: the caller is told `unlimited` and lets the request
 * through (the metric says so), rather than refusing every merchant while Redis is down.
 */
export class FlexibleRateLimits implements RateLimits {
  private readonly limiters: Record<RateLimitBudget, Pick<BurstyRateLimiter, 'consume'>>;

  constructor(
    private readonly policies: Record<RateLimitBudget, RateLimitPolicy>,
    store: Store,
  ) {
    const limiter = (budget: RateLimitBudget) => {
      const steady = store({ keyPrefix: `checkout:rate:${budget}`, points: policies[budget].perSecond, duration: 1 });
      if (policies[budget].burst === 0) return steady;
      return new BurstyRateLimiter(steady, store({ keyPrefix: `checkout:rate:${budget}:burst`, points: policies[budget].burst, duration: BURST_WINDOW_SECONDS }));
    };
    this.limiters = { writes: limiter('writes'), reads: limiter('reads') };
  }

  async consume(applicationId: string, budget: RateLimitBudget): Promise<RateLimitDecision> {
    const policy = this.policies[budget];
    try {
      const result = await this.limiters[budget].consume(applicationId);
      return { kind: 'allowed', budget, policy, remaining: result.remainingPoints, resetSeconds: Math.ceil(result.msBeforeNext / 1000) };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return { kind: 'limited', budget, policy, remaining: 0, resetSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
      return { kind: 'unlimited', budget, policy };
    }
  }
}

/** Shared by every gateway replica through Redis; a Redis that is not connected fails at once (open). */
export function redisRateLimits(redis: Redis, policies: Record<RateLimitBudget, RateLimitPolicy>): FlexibleRateLimits {
  return new FlexibleRateLimits(policies, (options) => new RateLimiterRedis({ storeClient: redis, rejectIfRedisNotReady: true, ...options }));
}

/** One process's limits (the embedded mode, tests). */
export function memoryRateLimits(policies: Record<RateLimitBudget, RateLimitPolicy>): FlexibleRateLimits {
  return new FlexibleRateLimits(policies, (options) => new RateLimiterMemory(options));
}
