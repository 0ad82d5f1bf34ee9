export { startProvider } from './start-provider';
export { SandboxProvider } from './providers/sandbox-provider';
export { InMemorySandboxCheckouts } from './providers/in-memory-sandbox-checkouts';
export type { SandboxCheckout, SandboxCheckouts } from './providers/sandbox-checkouts';
export type { PaymentProvider } from './providers/payment-provider';
export { InMemorySessionStore } from './sessions/in-memory-session-store';
