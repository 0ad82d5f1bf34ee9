import type { components, operations } from './generated/api';

/** The API's types, as generated from its OpenAPI document (generated/api.ts). */
type Schemas = components['schemas'];

export type CreateSessionRequest = Schemas['CreateSessionRequest'];
export type CreatedSession = Schemas['CreatedSession'];
export type ProcessingSession = Schemas['ProcessingSession'];
export type Session = Schemas['Session'];
export type SessionStatus = Session['status'];
export type CreateWebhookEndpointRequest = Schemas['CreateWebhookEndpointRequest'];
export type UpdateWebhookEndpointRequest = Schemas['UpdateWebhookEndpointRequest'];
export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type WebhookEndpointWithSecret = Schemas['WebhookEndpointWithSecret'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
/** A merchant event: what GET /api/v1/events lists and every webhook carries. */
export type CheckoutEvent = Schemas['Event'];
export type CheckoutEventType = CheckoutEvent['type'];
export type Problem = Schemas['Problem'];
export type CreateProviderAccountRequest = Schemas['CreateProviderAccountRequest'];
export type UpdateProviderAccountRequest = Schemas['UpdateProviderAccountRequest'];
export type ProviderAccount = Schemas['ProviderAccount'];
export type WebhookReplay = Schemas['WebhookReplay'];
export type CreateWebhookReplayRequest = Schemas['CreateWebhookReplayRequest'];
export type RoutingSummary = Schemas['RoutingSummary'];
export type RoutingSummaryParams = NonNullable<operations['getRoutingSummary']['parameters']['query']>;

type QueryOf<O extends keyof operations> = NonNullable<operations[O]['parameters']['query']>;
/** Filters of GET /api/v1/sessions; `limit` is the page size the iterator fetches with. */
export type ListSessionsParams = Omit<QueryOf<'listCheckoutSessions'>, 'startingAfter'>;
export type ListEventsParams = Omit<QueryOf<'listEvents'>, 'startingAfter'>;
export type PageParams = Omit<QueryOf<'listWebhookEndpoints'>, 'startingAfter'>;
