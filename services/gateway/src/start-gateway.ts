import type { Server } from 'node:http';
import type { Router } from 'express';
import { ConsumerGroups, ContractValidator, EventTypes, Topics } from '@checkout/contracts';
import { listenHttp, subscribeValidated, type EventBus, type Health, type Logger, type MetricsEndpoint, type Subscription } from '@checkout/platform';
import { CustomerDataErasure, SessionLifecycle, type SessionStore } from '@checkout/sessions';
import { JwtVerifier, type JwtPolicy } from './auth/jwt-verifier';
import type { VerificationKeys } from './auth/verification-keys';
import { GatewayTelemetry } from './gateway-telemetry';
import { createApp } from './http/create-app';
import type { IdempotencyStore } from './idempotency/idempotency-store';
import { FinaliseOutcome } from './outcomes/finalise-outcome';
import type { OutcomeBroadcast } from './outcomes/outcome-broadcast';
import type { OutcomeWaiters } from './sessions/outcome-waiters';
import type { RateLimits } from './rate-limits/rate-limits';
import { CreateSession } from './sessions/create-session';
import { ExpireSession } from './sessions/expire-session';
import { EraseCustomerData } from './sessions/erase-customer-data';
import { GetSession } from './sessions/get-session';
import { ListSessions } from './sessions/list-sessions';
import { ReadEvents } from './events/read-events';
import { ManageWebhookEndpoints } from './webhooks/manage-webhook-endpoints';
import { RedeliverWebhooks } from './webhooks/redeliver-webhooks';
import { SummarizeRouting } from './routing/summarize-routing';
import type { WebhookStores } from '@checkout/webhooks';
import type { ProviderAccountStore } from '@checkout/provider-accounts';
import { ProviderCredentialsCheck, type CheckedProviderEndpoints, type CredentialsCheck } from './provider-accounts/credentials-check';
import { ManageProviderAccounts } from './provider-accounts/manage-provider-accounts';
import { consoleDirectory } from '@checkout/console';

export interface GatewayAdapters {
  bus: EventBus;
  idempotency: IdempotencyStore;
  sessions: SessionStore;
  /** Webhook endpoints, their deliveries, and the merchant events (written by the notifications service). */
  webhooks: WebhookStores;
  providerAccounts: ProviderAccountStore;
  /** Checks an account's credentials with the provider; ProviderCredentialsCheck unless a test passes another. */
  credentialsCheck?: CredentialsCheck;
  broadcast: OutcomeBroadcast;
  waiters: OutcomeWaiters;
  keys: VerificationKeys;
  /** Per-application budgets: Redis-backed across replicas, in memory for the embedded mode. */
  rateLimits: RateLimits;
  health: Health;
  /** GET /metrics; absent where no telemetry SDK runs. */
  metrics?: MetricsEndpoint;
}

export interface GatewayOptions {
  port: number;
  host: string;
  jwt: JwtPolicy;
  waitBudgetMs: number;
  staleRequestMs: number;
  publishTimeoutMs: number;
  sessionTtlMs: number;
  bodyLimitBytes: number;
  /** Development only: http:// redirect URLs on localhost. */
  allowHttpLocalhostRedirects: boolean;
  /** Development only: webhook endpoints at http:// on localhost and at private addresses. */
  allowHttpLocalhostWebhooks: boolean;
  /** How many webhook endpoints one application may have. */
  maxWebhookEndpointsPerApplication: number;
  /** Where provider accounts' credentials are checked when saved. */
  providerEndpoints: CheckedProviderEndpoints;
  credentialCheckTimeoutMs: number;
  /** Not in production: the sandbox completes a payment at a click. */
  allowSandboxAccounts: boolean;
  eventSource: string;
  extraRoutes?: Router[];
  /** Where the built console is; @checkout/console's dist by default. */
  consoleDirectory?: string;
}

export interface RunningGateway {
  server: Server;
  outcomes: Subscription;
}

/** Wires the gateway's use cases, HTTP surface and outcome consumer; the same for the service and the embedded mode. */
export async function startGateway(adapters: GatewayAdapters, options: GatewayOptions, logger: Logger): Promise<RunningGateway> {
  const { bus, idempotency, sessions, broadcast, waiters } = adapters;
  const validator = new ContractValidator();
  const telemetry = new GatewayTelemetry();
  const finalise = new FinaliseOutcome(sessions, idempotency, broadcast, telemetry, logger);
  const outcomes = await subscribeValidated(bus, {
    groupId: ConsumerGroups.gateway,
    topics: [Topics.sessionOutcome],
    validator,
    logger,
    handlers: {
      [EventTypes.sessionReady]: (event) => finalise.execute(event),
      [EventTypes.sessionFailed]: (event) => finalise.execute(event),
    },
  });

  const app = createApp({
    verifier: new JwtVerifier(adapters.keys, options.jwt),
    createSession: new CreateSession(validator, idempotency, sessions, bus, waiters, {
      waitBudgetMs: options.waitBudgetMs,
      sessionTtlMs: options.sessionTtlMs,
      retryAfterSeconds: 1,
      redirects: { allowHttpLocalhost: options.allowHttpLocalhostRedirects },
      eventSource: options.eventSource,
      staleRequestMs: options.staleRequestMs,
      publishTimeoutMs: options.publishTimeoutMs,
    }, telemetry, logger),
    getSession: new GetSession(sessions),
    expireSession: new ExpireSession(sessions, new SessionLifecycle(sessions, bus, options.eventSource), logger),
    eraseCustomerData: new EraseCustomerData(sessions, new CustomerDataErasure(sessions, bus, options.eventSource), logger),
    listSessions: new ListSessions(sessions, validator),
    readEvents: new ReadEvents(adapters.webhooks, validator),
    webhookEndpoints: new ManageWebhookEndpoints(adapters.webhooks, adapters.webhooks, validator, {
      urlPolicy: { allowHttpLocalhost: options.allowHttpLocalhostWebhooks },
      maxEndpointsPerApplication: options.maxWebhookEndpointsPerApplication,
    }),
    redeliver: new RedeliverWebhooks(adapters.webhooks, validator),
    routingSummary: new SummarizeRouting(sessions, validator),
    providerAccounts: new ManageProviderAccounts(
      adapters.providerAccounts,
      adapters.credentialsCheck ?? new ProviderCredentialsCheck(options.providerEndpoints, options.credentialCheckTimeoutMs),
      validator,
      { allowSandbox: options.allowSandboxAccounts },
    ),
    rateLimits: adapters.rateLimits,
    health: adapters.health,
    metrics: adapters.metrics,
    telemetry,
    bodyLimitBytes: options.bodyLimitBytes,
    logger,
    consoleDirectory: options.consoleDirectory ?? consoleDirectory,
    extraRoutes: options.extraRoutes,
  });

  const server = await listenHttp(app, options.port, options.host);
  return { server, outcomes };
}
