/** Kafka topics of the session pipeline. Every topic has a dead-letter twin: `<topic>.dlq`. */
export const Topics = {
  sessionRequested: 'checkout.session.requested',
  sessionRouted: 'checkout.session.routed',
  sessionOutcome: 'checkout.session.outcome',
  /** Lifecycle after creation: payment completed or failed, session expired (webhooks, sweeper, merchant). */
  sessionStatus: 'checkout.session.status',
  /** A session's customer data erased (merchant request or retention), for the audit event. */
  sessionErasure: 'checkout.session.erasure',
  /** What happened to a provider account that its merchant must hear of (credentials refused at a checkout). */
  providerAccountStatus: 'checkout.provider-account.status',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** Consumer group ids: one per service that consumes. */
export const ConsumerGroups = {
  routing: 'routing',
  /** Routing learning provider health from every outcome's attempts. */
  routingSignals: 'routing-signals',
  provider: 'provider',
  /** Shared by every gateway replica: whichever gets an outcome finalises it for all of them. */
  gateway: 'gateway',
  /** The provider service acting on lifecycle changes (closing checkouts at the provider). */
  providerLifecycle: 'provider-lifecycle',
  /** Turning lifecycle changes into merchant events and webhook deliveries. */
  notifications: 'notifications',
  /** The provider service failing the sessions whose request or routing was dead-lettered, so that none stays PROCESSING. */
  providerDeadLetters: 'provider-dead-letters',
} as const;

export const TOPIC_PARTITIONS = 6;

/** Every topic the system needs, dead-letter topics included, for creation at start-up. */
export function allTopics(): { topic: string; partitions: number }[] {
  return Object.values(Topics).flatMap((topic) => [
    { topic, partitions: TOPIC_PARTITIONS },
    { topic: deadLetterTopic(topic), partitions: 1 },
  ]);
}
