import { runEvery, type Logger } from '@checkout/platform';
import type { SessionLifecycle } from '@checkout/sessions';
import type { ProviderTelemetry } from '../provider-telemetry';

/**
 * The relay of stranded status changes: a writer (gateway, webhook handler, sweeper) killed, or cut
 * off from MongoDB, between a session's move out of PENDING and its published SessionStatusChanged
 * leaves the move unannounced, and the merchant's retry then finds the session already moved. This
 * publishes such moves, so that the provider closes the checkout and the merchant gets the webhook.
 * Any number of replicas may run it: a move announced twice is a redelivery to every consumer.
 */
export class AnnounceUnannouncedMoves {
  constructor(
    private readonly lifecycle: SessionLifecycle,
    private readonly telemetry: ProviderTelemetry,
    private readonly logger: Logger,
  ) {}

  async execute(now = new Date()): Promise<number> {
    const announced = await this.lifecycle.announceUnannounced(now);
    this.telemetry.announcementsRelayed(announced);
    if (announced > 0) this.logger.warn({ announced }, 'status changes left unannounced by a stopped writer announced');
    return announced;
  }

  start(intervalMs: number): { stop: () => Promise<void> } {
    return runEvery(intervalMs, () => this.execute(), (error) => this.logger.error({ err: error }, 'announcing unannounced status changes failed; will retry'));
  }
}
