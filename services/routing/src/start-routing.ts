import { ConsumerGroups, ContractValidator, EventTypes, Topics } from '@checkout/contracts';
import { subscribeValidated, type EventBus, type Logger } from '@checkout/platform';
import { RecordProviderAttempts } from './record-provider-attempts';
import { RouteSession, type AccountsOfApplication, type RouteSessionSettings } from './route-session';
import { platformAccountId } from '@checkout/provider-accounts';
import { RoutingTelemetry } from './routing-telemetry';
import type { ProviderSignals } from './signals/provider-signals';

export interface RoutingOptions extends RouteSessionSettings {
  /** The deployment's providers (PROVIDERS): its platform accounts, whose signals are exported as metrics. */
  platformProviders: readonly string[];
}

/** Wires routing's two consumers (route sessions, learn from outcomes); the same for the service and the embedded mode. */
export async function startRouting(bus: EventBus, signals: ProviderSignals, accounts: AccountsOfApplication, options: RoutingOptions, logger: Logger): Promise<{ stop(): Promise<void> }> {
  const validator = new ContractValidator();
  const telemetry = new RoutingTelemetry();
  telemetry.observeSignals(signals, new Map(options.platformProviders.map((provider) => [platformAccountId(provider), provider])));
  const routeSession = new RouteSession(signals, accounts, bus, options, telemetry, logger);
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
