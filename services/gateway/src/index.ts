export { startGateway, type GatewayAdapters, type GatewayOptions, type RunningGateway } from './start-gateway';
export { InMemoryIdempotencyStore } from './idempotency/in-memory-idempotency-store';
export { LocalOutcomeBroadcast } from './outcomes/local-outcome-broadcast';
export { OutcomeWaiters } from './outcomes/outcome-waiters';
export { StaticVerificationKeys } from './auth/verification-keys';
export { DEVELOPMENT_AUDIENCE, DEVELOPMENT_ISSUER, DEVELOPMENT_JWT_SECRET, signDevToken } from './dev-token';
export { memoryRateLimits, redisRateLimits, type RateLimits } from './rate-limits/rate-limits';
