import type { HttpWebhookSenderOptions } from './http/http-webhook-sender';
import type { NotificationsOptions } from './start-notifications';
import { flag, infrastructureSettings, integer, keyringSettings, port, type Setting } from '@checkout/platform';
import { DEFAULT_RETRY_SCHEDULE, parseDurations } from '@checkout/webhooks';

function durations(variable: string, description: string, defaultText: string): Setting<number[]> {
  return {
    variable,
    description,
    defaultText,
    parse: (raw) => parseDurations(raw === undefined || raw.trim() === '' ? defaultText : raw),
  };
}

function duration(variable: string, description: string, defaultText: string): Setting<number> {
  const setting = durations(variable, description, defaultText);
  return {
    ...setting,
    parse: (raw) => {
      const values = setting.parse(raw);
      if (values.length !== 1) throw new Error('must be one duration');
      return values[0]!;
    },
  };
}

// Everything but Redis, which this service does not use.
const { redisUrl: _redisUrl, redisCaFile: _redisCaFile, redisCommandTimeoutMs: _redisCommandTimeoutMs, ...infrastructure } = infrastructureSettings;

export const notificationsSettings = {
  ...infrastructure,
  ...keyringSettings,
  healthPort: port('HEALTH_PORT', { description: 'Port of /livez, /readyz and /metrics', default: 8083 }),
  retrySchedule: durations(
    'WEBHOOK_RETRY_SCHEDULE',
    'Delays before each retry of a failed webhook (ms, s, m, h, d; each ±20% jitter); after the last, the delivery has failed',
    DEFAULT_RETRY_SCHEDULE,
  ),
  disableAfterMs: duration('WEBHOOK_DISABLE_AFTER', 'An endpoint whose every delivery failed for this long is disabled', '5d'),
  timeoutMs: integer('WEBHOOK_TIMEOUT_MS', { description: 'Deadline of one webhook attempt, connecting included', default: 15_000, min: 100, max: 60_000 }),
  staleAttemptMs: integer('WEBHOOK_STALE_ATTEMPT_MS', {
    description: 'An attempt unfinished for this long belongs to a sender that died: the next attempt goes ahead (more than WEBHOOK_TIMEOUT_MS)',
    default: 60_000,
    min: 1000,
    max: 3_600_000,
  }),
  pollIntervalMs: integer('WEBHOOK_POLL_INTERVAL_MS', { description: 'How often due retries are looked for', default: 1000, min: 50, max: 60_000 }),
  batchSize: integer('WEBHOOK_BATCH_SIZE', { description: 'Webhooks sent at once by one replica', default: 32, min: 1, max: 1000 }),
  eventRetentionDays: integer('EVENT_RETENTION_DAYS', {
    description: "Days merchant events, finished webhook deliveries and their attempts (with the start of each merchant's answer) are kept, as Stripe's 30-day events window",
    default: 30,
    min: 1,
    max: 3650,
  }),
  purgeIntervalMs: integer('EVENT_PURGE_INTERVAL_MS', { description: 'How often webhook history past its retention is purged; 0 turns it off', default: 3_600_000, min: 0 }),
  allowPrivateNetworks: flag('WEBHOOK_ALLOW_PRIVATE_NETWORKS', {
    description: 'Development only: deliver to http:// and loopback or private addresses (refused with NODE_ENV=production)',
    default: false,
  }),
};

export type NotificationsConfig = { [K in keyof typeof notificationsSettings]: ReturnType<(typeof notificationsSettings)[K]['parse']> };

/** Settings that are each valid but unsafe or contradictory: the service refuses to start with them. */
export function unsafeNotificationsSettings(config: Pick<NotificationsConfig, 'nodeEnv' | 'allowPrivateNetworks' | 'staleAttemptMs' | 'timeoutMs'>): string[] {
  const problems: string[] = [];
  if (config.nodeEnv === 'production' && config.allowPrivateNetworks) {
    problems.push('WEBHOOK_ALLOW_PRIVATE_NETWORKS=true would let a merchant make us call our own network. Leave it off in production, or set NODE_ENV=development for a development deployment.');
  }
  if (config.staleAttemptMs <= config.timeoutMs) {
    problems.push(`WEBHOOK_STALE_ATTEMPT_MS (${config.staleAttemptMs}) must exceed WEBHOOK_TIMEOUT_MS (${config.timeoutMs}), or a slow attempt would be taken for a dead one.`);
  }
  return problems;
}

/** What the notifications service's composition needs of its config: the use cases' options, and the sender's. */
export interface NotificationsSetup {
  options: NotificationsOptions;
  sender: HttpWebhookSenderOptions;
}

/** The one way from the notifications service's validated config to its options: its own main and the embedded mode both use it. */
export function notificationsOptionsOf(config: NotificationsConfig): NotificationsSetup {
  return {
    options: {
      retryDelaysMs: config.retrySchedule,
      disableAfterMs: config.disableAfterMs,
      staleAttemptMs: config.staleAttemptMs,
      pollIntervalMs: config.pollIntervalMs,
      batchSize: config.batchSize,
      eventRetentionDays: config.eventRetentionDays,
      purgeIntervalMs: config.purgeIntervalMs,
    },
    sender: { timeoutMs: config.timeoutMs, allowPrivateNetworks: config.allowPrivateNetworks },
  };
}
