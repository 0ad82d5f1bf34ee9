import { readFileSync } from 'node:fs';
import type { AgentOptions } from 'node:https';
import { CheckoutAPI, Client, EnvironmentEnum, HttpURLConnectionClient } from '@adyen/api-library';

export type AdyenPaymentsApi = CheckoutAPI['PaymentsApi'];

export interface AdyenClientOptions {
  apiKey: string;
  environment: 'TEST' | 'LIVE';
  /** Adyen's Checkout API base URL, with its version: https://checkout-test.adyen.com/v72 by default. */
  checkoutUrl: string;
  /** An extra CA to trust for that URL (tests run a stand-in with its own certificate). */
  caFile: string;
  /** LIVE only: the account's live URL prefix, which the library insists on even though the URL is set whole here. */
  liveUrlPrefix?: string;
}

/**
 * The official library's Checkout API, pointed at the configured base URL. The library builds its
 * URLs from a fixed host and always speaks HTTPS through its own agent, so the two settings a
 * stand-in needs (base URL, trusted CA) are applied to those internals here, and only here.
 */
export function createAdyenPayments(options: AdyenClientOptions): AdyenPaymentsApi {
  const httpClient = new HttpURLConnectionClient();
  if (options.caFile) {
    (httpClient as unknown as { agentOptions: AgentOptions }).agentOptions = { ca: readFileSync(options.caFile) };
  }
  const client = new Client(
    {
      apiKey: options.apiKey,
      environment: options.environment === 'LIVE' ? EnvironmentEnum.LIVE : EnvironmentEnum.TEST,
      ...(options.environment === 'LIVE' ? { liveEndpointUrlPrefix: options.liveUrlPrefix ?? new URL(options.checkoutUrl).hostname.split('-checkout-live')[0] } : {}),
      // No client-wide timeout: each call's budget (the catalog's) is passed to it as an abort signal.
    },
    httpClient,
  );
  // CheckoutAPI.PaymentsApi is a getter that builds a new instance each time: keep this one.
  const payments = new CheckoutAPI(client).PaymentsApi;
  (payments as unknown as { baseUrl: string }).baseUrl = options.checkoutUrl.replace(/\/$/, '');
  return payments;
}
