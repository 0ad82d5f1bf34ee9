import { ConsumerGroups, ContractValidator, EventTypes, Topics } from '@checkout/contracts';
import { subscribeValidated, type EventBus, type Logger } from '@checkout/platform';
import { RecordProviderAttempts } from './record-provider-attempts';
import { RouteSession, type RouteSessionSettings } from './route-session';
import { RoutingTelemetry } from './routing-telemetry';
import type { ProviderSignals } from './signals/provider-signals';

export type RoutingOptions = RouteSessionSettings;

/** Wires routing's two consumers (route sessions, learn from outcomes); the same for the service and the embedded mode. */
export async function startRouting(bus: EventBus, signals: ProviderSignals, options: RoutingOptions, logger: Logger): Promise<{ stop(): Promise<void> }> {
  const validator = new ContractValidator();
  const telemetry = new RoutingTelemetry();
  telemetry.observeSignals(signals, options.catalog.providers.map((provider) => provider.id));
  const routeSession = new RouteSession(signals, bus, options, telemetry, logger);
  const recordAttempts = new RecordProviderAttempts(signals);
  const routing = await subscribeValidated(bus, {
    groupId: ConsumerGroups.routing,
    topics: [Topics.sessionRequested],
    validator,
    logger,
    handlers: { [EventTypes.sessionRequested]: (event) => routeSession.execute(event.data) },
  });
  const learning = await subscribeValidated(bus, {
    groupId: ConsumerGroups.routingSignals,
    topics: [Topics.sessionOutcome],
    // Signals are about now: a new group starts at the newest outcome, not at the topic's history.
    fromBeginning: false,
    validator,
    logger,
    handlers: {
      [EventTypes.sessionReady]: (event) => recordAttempts.execute(event.data),
      [EventTypes.sessionFailed]: (event) => recordAttempts.execute(event.data),
    },
  });
  return { stop: async () => void (await Promise.all([routing.stop(), learning.stop()])) };
}
