import { ConsumerGroups, ContractValidator, EventTypes, Topics } from '@checkout/contracts';
import { validatedConsumer, type EventBus, type Logger, type Subscription } from '@checkout/platform';
import { CreateCheckout, type CreateCheckoutSettings } from './create-checkout';
import type { PaymentProvider } from './providers/payment-provider';
import type { SessionStore } from './sessions/session-store';

/** Wires the provider use case to its bus and adapters; the same wiring for the service and the embedded mode. */
export function startProvider(
  bus: EventBus,
  store: SessionStore,
  providers: ReadonlyMap<string, PaymentProvider>,
  settings: CreateCheckoutSettings,
  logger: Logger,
): Promise<Subscription> {
  const createCheckout = new CreateCheckout(store, providers, bus, settings, logger);
  return bus.subscribe({
    groupId: ConsumerGroups.provider,
    topics: [Topics.sessionRouted],
    handler: validatedConsumer({
      publisher: bus,
      validator: new ContractValidator(),
      logger,
      handlers: { [EventTypes.sessionRouted]: (event) => createCheckout.execute(event.data) },
    }),
  });
}
