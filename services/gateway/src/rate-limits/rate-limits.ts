import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { modeOfScope, type MerchantScope, type Mode } from '@checkout/contracts';
import type { Redis } from '@checkout/platform';

/** Each application has two budgets in each mode, as Stripe: writes (create, expire) and reads. */
export type RateLimitBudget = 'writes' | 'reads';

export interface RateLimitPolicy {
  /** Requests per second, per application. */
  perSecond: number;
  /** Extra requests an application may make over BURST_WINDOW_SECONDS beyond the steady rate. */
  burst: number;
}

export const BURST_WINDOW_SECONDS = 10;

/** The policies of each mode: test mode has budgets of its own, so testing never eats into live traffic's. */
export type RateLimitPolicies = Record<Mode, Record<RateLimitBudget, RateLimitPolicy>>;

/** What one request cost its application's budget. `unlimited`: the budget's store cannot be reached, so the request was let through. */
export type RateLimitDecision =
  | { kind: 'allowed' | 'limited'; budget: RateLimitBudget; policy: RateLimitPolicy; remaining: number; resetSeconds: number }
  | { kind: 'unlimited'; budget: RateLimitBudget; policy: RateLimitPolicy };

/** The gateway's per-(application, mode) rate limits; the same limits hold across every replica sharing the store. */
export interface RateLimits {
  consume(scope: MerchantScope, budget: RateLimitBudget): Promise<RateLimitDecision>;
}

type Store = (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;

/**
 * RateLimits on rate-limiter-flexible: per budget a one-second window of `perSecond` requests and,
 * once that is spent, a burst allowance refilled every BURST_WINDOW_SECONDS (BurstyRateLimiter).
 * A store that cannot be reached fails open: the caller is told `unlimited` and lets the request
 * through (the metric says so), rather than refusing every merchant while Redis is down.
 */
export class FlexibleRateLimits implements RateLimits {
  private readonly limiters: Record<Mode, Record<RateLimitBudget, Pick<BurstyRateLimiter, 'consume'>>>;

  constructor(
    private readonly policies: RateLimitPolicies,
    store: Store,
  ) {
    const limiter = (mode: Mode, budget: RateLimitBudget) => {
      // Live keeps the keys it had before modes, so an upgrade does not reset the windows under way.
      const prefix = mode === 'live' ? `checkout:rate:${budget}` : `checkout:rate:test:${budget}`;
      const policy = policies[mode][budget];
      const steady = store({ keyPrefix: prefix, points: policy.perSecond, duration: 1 });
      if (policy.burst === 0) return steady;
      return new BurstyRateLimiter(steady, store({ keyPrefix: `${prefix}:burst`, points: policy.burst, duration: BURST_WINDOW_SECONDS }));
    };
    this.limiters = {
      live: { writes: limiter('live', 'writes'), reads: limiter('live', 'reads') },
      test: { writes: limiter('test', 'writes'), reads: limiter('test', 'reads') },
    };
  }

  async consume(scope: MerchantScope, budget: RateLimitBudget): Promise<RateLimitDecision> {
    const mode = modeOfScope(scope.livemode);
    const policy = this.policies[mode][budget];
    try {
      const result = await this.limiters[mode][budget].consume(scope.applicationId);
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
export function redisRateLimits(redis: Redis, policies: RateLimitPolicies): FlexibleRateLimits {
  return new FlexibleRateLimits(policies, (options) => new RateLimiterRedis({ storeClient: redis, rejectIfRedisNotReady: true, ...options }));
}

/** One process's limits (the embedded mode, tests). */
export function memoryRateLimits(policies: RateLimitPolicies): FlexibleRateLimits {
  return new FlexibleRateLimits(policies, (options) => new RateLimiterMemory(options));
}
