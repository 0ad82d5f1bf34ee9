import type { NextFunction, Request, Response } from 'express';
import { ApiError, ErrorCode, modeOfScope } from '@checkout/contracts';
import type { GatewayTelemetry } from '../gateway-telemetry';
import type { RateLimitBudget, RateLimitDecision, RateLimits } from '../rate-limits/rate-limits';
import { callerOf } from './authenticate';

/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers-10): the policy (quota `q`
 * per window `w` seconds) and what is left of it (`r` remaining, `t` seconds to the reset).
 */
function rateLimitHeaders(decision: Extract<RateLimitDecision, { remaining: number }>): Record<string, string> {
  return {
    'RateLimit-Policy': `"${decision.budget}";q=${decision.policy.perSecond};w=1`,
    RateLimit: `"${decision.budget}";r=${decision.remaining};t=${decision.resetSeconds}`,
  };
}

/**
 * Charges one request to the caller's application (after authentication): every request counts,
 * replays and conflicts included. Past the budget: 429 with Retry-After. A store that cannot be
 * reached lets the request through and counts it (checkout.rate_limit.unavailable).
 */
export function rateLimit(limits: RateLimits, budget: RateLimitBudget, telemetry: GatewayTelemetry) {
  return async (_request: Request, response: Response, next: NextFunction): Promise<void> => {
    const caller = callerOf(response);
    const decision = await limits.consume(caller, budget);
    if (decision.kind === 'unlimited') {
      telemetry.rateLimitUnavailable(budget);
      next();
      return;
    }
    const headers = rateLimitHeaders(decision);
    if (decision.kind === 'limited') {
      telemetry.rateLimited(budget, modeOfScope(caller.livemode));
      throw new ApiError(ErrorCode.RateLimited, `This application made more than ${decision.policy.perSecond} ${budget} per second in ${modeOfScope(caller.livemode)} mode (beyond its burst allowance); retry after ${decision.resetSeconds} s.`, {
        headers,
        retryAfterSeconds: decision.resetSeconds,
      });
    }
    response.set(headers);
    next();
  };
}
