import { ConsumerGroups, ContractValidator, EventTypes, Topics } from '@checkout/contracts';
import { validatedConsumer, type EventBus, type Logger, type Subscription } from '@checkout/platform';
import type { ProviderCatalog } from './catalog/provider-catalog';
import { RouteSession } from './route-session';

export interface RoutingOptions {
  catalog: ProviderCatalog;
  eventSource: string;
}

/** Wires the routing use case to its bus; the same wiring for the service and the embedded mode. */
export function startRouting(bus: EventBus, options: RoutingOptions, logger: Logger): Promise<Subscription> {
  const routeSession = new RouteSession(options.catalog, bus, options.eventSource, logger);
  return bus.subscribe({
    groupId: ConsumerGroups.routing,
    topics: [Topics.sessionRequested],
    handler: validatedConsumer({
      publisher: bus,
      validator: new ContractValidator(),
      logger,
      handlers: { [EventTypes.sessionRequested]: (event) => routeSession.execute(event.data) },
    }),
  });
}
