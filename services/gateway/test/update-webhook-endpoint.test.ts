import { expect } from 'chai';
import { startInMemoryGateway } from './in-memory-gateway';

describe('PATCH /api/v1/webhook-endpoints/{id}', () => {
  let gateway: Awaited<ReturnType<typeof startInMemoryGateway>>;
  const scopes = ['webhooks:write', 'webhooks:read'];
  before(async () => {
    gateway = await startInMemoryGateway();
  });
  after(() => gateway.stop());
  const create = async () => (await gateway.call('app-hooks', scopes, 'POST', '/api/v1/webhook-endpoints', { url: 'https://m.example/hooks', enabledEvents: ['checkout.session.completed'] })).body!;
  const patch = (id: string, body: unknown, app = 'app-hooks') => gateway.call(app, scopes, 'PATCH', `/api/v1/webhook-endpoints/${id}`, body);

  it('should change the URL, events and description, never showing the secret again', async () => {
    const endpoint = await create();
    const updated = await patch(endpoint.id, { url: 'https://m.example/v2/hooks', enabledEvents: ['*'], description: 'v2' });
    expect(updated.status).to.equal(200);
    expect(updated.body).to.include({ id: endpoint.id, url: 'https://m.example/v2/hooks', description: 'v2', status: 'enabled' });
    expect(updated.body!.enabledEvents).to.deep.equal(['*']);
    expect(updated.text).not.to.include(endpoint.secret);
    expect((await patch(endpoint.id, { description: null })).body).to.include({ description: null, url: 'https://m.example/v2/hooks' });
  });

  it('should disable, and re-enable an endpoint with its failure record started afresh', async () => {
    const endpoint = await create();
    expect((await patch(endpoint.id, { status: 'disabled' })).body).to.include({ status: 'disabled', disabledReason: 'disabled by the merchant' });
    const enabled = await patch(endpoint.id, { status: 'enabled' });
    expect(enabled.body).to.include({ status: 'enabled', disabledReason: null });
  });

  it('should refuse what it would refuse at creation, point at the field, and keep other applications out', async () => {
    const endpoint = await create();
    const insecure = await patch(endpoint.id, { url: 'http://10.0.0.1/hooks' });
    expect(insecure.status).to.equal(422);
    expect(insecure.body).to.include({ code: 'insecure_webhook_url' });
    const empty = await patch(endpoint.id, {});
    expect(empty.status).to.equal(400);
    const unknown = await patch(endpoint.id, { enabledEvents: ['nope'] });
    expect(unknown.body!.errors[0].pointer).to.equal('/enabledEvents/0');
    expect((await patch(endpoint.id, { description: 'x' }, 'someone-else')).body).to.include({ status: 404, code: 'webhook_endpoint_not_found' });
    expect((await gateway.call('app-hooks', ['webhooks:read'], 'PATCH', `/api/v1/webhook-endpoints/${endpoint.id}`, { description: 'x' })).status).to.equal(403);
  });
});
