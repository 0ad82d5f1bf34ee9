import { messageFailureKind, type IncomingMessage, type Logger } from '@checkout/platform';
import type { SessionLifecycle } from '@checkout/sessions';

/** What the merchant reads of a session that failed on our side: nothing of our internals. */
export const PROCESSING_FAILED_DETAIL = 'This session could not be processed on our side (its request failed repeatedly and was set aside); nothing was charged.';

/**
 * A SessionRequested (routing) or SessionRouted (this service) that was dead-lettered would leave
 * its session PROCESSING for ever, and its merchant without an answer. Read from their dead-letter
 * topics, each such session is failed `processing_failed` (the key is the sessionId), which is
 * announced as its outcome like any other failure; a session already decided is announced again.
 * A dead letter redriven after a fix finds its session decided and changes nothing.
 */
export class FailDeadLetteredSessions {
  constructor(
    private readonly lifecycle: SessionLifecycle,
    private readonly logger: Logger,
  ) {}

  async execute(message: IncomingMessage): Promise<void> {
    const sessionId = message.key;
    try {
      const session = await this.lifecycle.decide(sessionId, { from: 'PROCESSING', to: 'FAILED', changes: { failure: { code: 'processing_failed', detail: PROCESSING_FAILED_DETAIL } } });
      // Why it was dead-lettered is ours to read (an internal error's message), not the merchant's.
      const { dlq_source_topic: topic, dlq_reason: reason, dlq_cause: cause } = message.headers;
      this.logger.warn({ sessionId, topic, cause, reason, status: session?.status ?? null }, 'session of a dead-lettered message failed');
    } catch (error) {
      if (messageFailureKind(error) === 'transient') throw error;
      // A dead letter cannot go to another dead-letter topic: logged, for the runbook.
      this.logger.error({ err: error, sessionId, topic: message.topic, offset: message.offset }, 'could not fail the session of a dead-lettered message');
    }
  }
}
