import { runEvery, type Logger } from '@checkout/platform';
import type { CustomerDataErasure } from '@checkout/sessions';

const DAY_MS = 86_400_000;

/**
 * Data retention: the customer data of sessions closed (COMPLETED, FAILED, EXPIRED) more than the
 * retention period ago is erased, each erasure audited as a merchant event; erasures whose audit
 * event could not be published before are published first. FerretDB has no TTL index, and a TTL
 * index would delete the whole session: amounts, status and references are kept.
 */
export class EraseRetainedCustomerData {
  constructor(
    private readonly erasure: CustomerDataErasure,
    private readonly retentionDays: number,
    private readonly logger: Logger,
    private readonly batchSize = 100,
  ) {}

  async execute(now = new Date()): Promise<number> {
    const republished = await this.erasure.announceUnannounced(this.batchSize);
    const closedBefore = new Date(now.getTime() - this.retentionDays * DAY_MS);
    let erased = 0;
    for (;;) {
      const round = await this.erasure.eraseClosedBefore(closedBefore, this.batchSize);
      erased += round;
      if (round < this.batchSize) break;
    }
    if (erased > 0 || republished > 0) this.logger.info({ erased, republished, retentionDays: this.retentionDays }, 'customer data past its retention erased');
    return erased;
  }

  start(intervalMs: number): { stop: () => Promise<void> } {
    return runEvery(intervalMs, () => this.execute(), (error) => this.logger.error({ err: error }, 'erasing customer data past its retention failed; will retry'));
  }
}
