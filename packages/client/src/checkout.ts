import { Events, ProviderAccounts, Routing, Sessions, WebhookEndpoints } from './resources';
import { Transport, type TransportOptions } from './transport';
import { verifyWebhook } from './webhooks';

export type CheckoutOptions = TransportOptions;

/**
 * The Checkout API. `new Checkout({ baseUrl, token })`, then `checkout.sessions.create(body)`:
 * retries are made safe by an Idempotency-Key the client makes (or you give), and a 202 is
 * followed to the final 201.
 */
export class Checkout {
  readonly sessions: Sessions;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly events: Events;
  readonly providerAccounts: ProviderAccounts;
  readonly routing: Routing;
  /** Webhook verification; also usable without a client: `verifyWebhook`. */
  readonly webhooks = { verify: verifyWebhook };

  constructor(options: CheckoutOptions) {
    if (!options.baseUrl) throw new TypeError('Checkout: baseUrl is required');
    const transport = new Transport(options);
    this.sessions = new Sessions(transport);
    this.webhookEndpoints = new WebhookEndpoints(transport);
    this.events = new Events(transport);
    this.providerAccounts = new ProviderAccounts(transport);
    this.routing = new Routing(transport);
  }
}
