import { expect } from 'chai';
import { ApiError, ContractValidator, type MerchantScope } from '@checkout/contracts';
import { InMemoryWebhookStores, type WebhookEndpointDocument } from '@checkout/webhooks';
import { ManageWebhookEndpoints } from '../src/webhooks/manage-webhook-endpoints';
import { rejection } from '../../../test/support/rejection';

/** Stores whose first look at a scope's endpoints waits until `racers` creations have all looked: every one of them sees room. */
class RacingStores extends InMemoryWebhookStores {
  private looked = 0;
  private release!: () => void;
  private readonly allLooked = new Promise<void>((resolve) => (this.release = resolve));
  constructor(private readonly racers: number) {
    super();
  }
  override async endpointsOf(scope: MerchantScope): Promise<WebhookEndpointDocument[]> {
    const seen = await super.endpointsOf(scope);
    if (this.looked < this.racers) {
      this.looked += 1;
      if (this.looked === this.racers) this.release();
      await this.allLooked;
    }
    return seen;
  }
}

describe('the webhook endpoint cap under racing creations', () => {
  const caller = { applicationId: 'racing-app', livemode: false, scopes: [] } as never;
  const body = { url: 'https://m.example/hooks', enabledEvents: ['*'] };

  it('should never hold more endpoints than the cap, however many creations passed the check at once', async () => {
    const stores = new RacingStores(6);
    const endpoints = new ManageWebhookEndpoints(stores, stores, new ContractValidator(), { urlPolicy: { allowHttpLocalhost: false }, maxEndpointsPerApplication: 3 });
    const answers = await Promise.allSettled(Array.from({ length: 6 }, () => endpoints.create(caller, body)));
    const refused = answers.filter((answer) => answer.status === 'rejected');
    for (const answer of refused) expect((answer as PromiseRejectedResult).reason).to.include({ code: 'webhook_endpoint_limit_reached' });
    const kept = await stores.endpointsOf({ applicationId: 'racing-app', livemode: false });
    expect(kept.length, 'within the cap').to.be.at.most(3);
    expect(answers.length - refused.length, 'every endpoint answered 201 is kept').to.equal(kept.length);

    const retry = await endpoints.create(caller, body).catch((error: unknown) => error);
    expect(kept.length < 3 ? (retry as { id: string }).id : (retry as { code: string }).code, 'a retry finds the room left').to.match(kept.length < 3 ? /^we_/ : /webhook_endpoint_limit_reached/);
  });

  it('should refuse the creation past the cap before inserting anything when there is no race', async () => {
    const stores = new InMemoryWebhookStores();
    const endpoints = new ManageWebhookEndpoints(stores, stores, new ContractValidator(), { urlPolicy: { allowHttpLocalhost: false }, maxEndpointsPerApplication: 1 });
    await endpoints.create(caller, body);
    expect(await rejection(endpoints.create(caller, body), ApiError)).to.include({ code: 'webhook_endpoint_limit_reached' });
    expect(await stores.endpointsOf({ applicationId: 'racing-app', livemode: false })).to.have.length(1);
  });
});
