import { notificationsSettings } from '@checkout/notifications';
import { integer, oneOf, port, text } from '@checkout/platform';

export const embeddedSettings = {
  port: port('PORT', { description: 'HTTP port of the gateway: the API, /livez, /readyz and /metrics', default: 8080 }),
  host: text('HOST', { description: 'Address the gateway listens on', default: '127.0.0.1' }),
  waitBudgetMs: integer('SESSION_WAIT_BUDGET_MS', { description: 'How long POST waits for the outcome before answering 202', default: 3000, min: 0, max: 60_000 }),
  catalogFile: text('PROVIDER_CATALOG_FILE', { description: 'Provider catalog JSON; empty for the built-in one', default: '' }),
  rulesFile: text('ROUTING_RULES_FILE', { description: "Merchants' routing rules JSON; empty for none", default: '' }),
  // The notifications service's own webhook settings, with its defaults (WEBHOOK_RETRY_SCHEDULE, …).
  retrySchedule: notificationsSettings.retrySchedule,
  disableAfterMs: notificationsSettings.disableAfterMs,
  webhookTimeoutMs: notificationsSettings.timeoutMs,
  staleAttemptMs: notificationsSettings.staleAttemptMs,
  pollIntervalMs: notificationsSettings.pollIntervalMs,
  batchSize: notificationsSettings.batchSize,
  logLevel: oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, { description: 'pino log level', default: 'warn' }),
};
