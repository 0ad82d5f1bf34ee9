import { InMemoryWebhookStores } from '@checkout/webhooks';
import { webhookStoresContract } from '../../../test/adapter-contracts/webhook-stores.contract';

// One instance behind every "connection": memory is one store however many hold it.
let shared: InMemoryWebhookStores;
webhookStoresContract(
  'InMemoryWebhookStores',
  async () => (shared = new InMemoryWebhookStores()),
  async () => undefined,
  async () => [shared, shared],
);
