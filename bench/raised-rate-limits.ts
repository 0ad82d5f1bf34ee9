/**
 * One application sends a benchmark's whole load, so the services run with its rate limits raised:
 * the limiter still charges every request to Redis, as in production.
 */
export const RAISED_RATE_LIMITS = {
  RATE_LIMIT_WRITES_PER_SECOND: '1000000',
  RATE_LIMIT_READS_PER_SECOND: '1000000',
  RATE_LIMIT_TEST_WRITES_PER_SECOND: '1000000',
  RATE_LIMIT_TEST_READS_PER_SECOND: '1000000',
} as const;
