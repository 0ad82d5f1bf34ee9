import { runEvery, type Logger } from '@checkout/platform';
import type { WebhookHistoryPurge } from '@checkout/webhooks';

const DAY_MS = 86_400_000;

/**
 * Data lifecycle: merchant events, finished deliveries and attempts (with the start of each merchant
 * answer) older than the retention (30 days, Stripe's events window) are deleted. FerretDB has no TTL
 * index: this sweeper is its replacement, safe to run in every replica at once.
 */
export class PurgeWebhookHistory {
  constructor(
    private readonly stores: WebhookHistoryPurge,
    private readonly retentionDays: number,
    private readonly logger: Logger,
  ) {}

  async execute(now = new Date()): Promise<{ events: number; deliveries: number; attempts: number; replays: number }> {
    const purged = await this.stores.purgeBefore(new Date(now.getTime() - this.retentionDays * DAY_MS));
    if (purged.events + purged.deliveries + purged.attempts + purged.replays > 0) this.logger.info({ ...purged, retentionDays: this.retentionDays }, 'webhook history past its retention purged');
    return purged;
  }

  start(intervalMs: number): { stop: () => Promise<void> } {
    return runEvery(intervalMs, () => this.execute(), (error) => this.logger.error({ err: error }, 'purging webhook history failed; will retry'));
  }
}
