export { startProvider, type ProviderAdapters, type ProviderOptions, type RunningProvider } from './start-provider';
export { DEVELOPMENT_SANDBOX_WEBHOOK_SECRET, SandboxProvider } from './providers/sandbox/sandbox-provider';
export { InMemorySandboxCheckouts } from './providers/sandbox/in-memory-sandbox-checkouts';
export type { SandboxCheckout, SandboxCheckouts } from './providers/sandbox/sandbox-checkouts';
export type { PaymentProvider } from './providers/payment-provider';
export { providerOptionsOf, providerSettings, type ProviderConfig } from './config';
export { buildProviders } from './providers/build-providers';
