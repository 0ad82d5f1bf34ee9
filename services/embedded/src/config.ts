import { gatewaySettings } from '@checkout/gateway';
import { notificationsSettings } from '@checkout/notifications';
import { providerSettings } from '@checkout/provider';
import { routingSettings } from '@checkout/routing';
import { oneOf, pickSettings, text } from '@checkout/platform';

/** The services' own settings this process reads from its environment (each with its service's variable, description and default). */
export const EMBEDDED_SETTINGS_OF = {
  gateway: ['port', 'waitBudgetMs', 'staleRequestMs', 'publishTimeoutMs', 'sessionTtlSeconds', 'bodyLimitBytes', 'rateLimitWritesPerSecond', 'rateLimitReadsPerSecond', 'rateLimitTestWritesPerSecond', 'rateLimitTestReadsPerSecond', 'rateLimitBurst', 'stripeApiUrl', 'adyenTestCheckoutUrl', 'adyenLiveCheckoutUrl', 'adyenCaFile'],
  routing: ['catalogFile', 'rulesFile', 'probePercent'],
  // Where merchants' own accounts are reached: the gateway checks their credentials there, the provider opens their checkouts.
  provider: ['sweepIntervalMs', 'announceIntervalMs', 'webhookToleranceSeconds', 'stripeApiUrl', 'adyenTestCheckoutUrl', 'adyenLiveCheckoutUrl', 'adyenCaFile'],
  notifications: ['retrySchedule', 'disableAfterMs', 'timeoutMs', 'staleAttemptMs', 'pollIntervalMs', 'batchSize'],
} as const;

export const embeddedSettings = {
  ...pickSettings(gatewaySettings, EMBEDDED_SETTINGS_OF.gateway),
  ...pickSettings(routingSettings, EMBEDDED_SETTINGS_OF.routing),
  ...pickSettings(providerSettings, EMBEDDED_SETTINGS_OF.provider),
  ...pickSettings(notificationsSettings, EMBEDDED_SETTINGS_OF.notifications),
  // Its own: one developer's machine listens on loopback, and a terminal wants few log lines.
  host: text('HOST', { description: 'Address the gateway listens on', default: '127.0.0.1' }),
  logLevel: oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, { description: 'pino log level', default: 'warn' }),
};
