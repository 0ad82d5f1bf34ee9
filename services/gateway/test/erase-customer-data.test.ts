import { expect } from 'chai';
import { Topics } from '@checkout/contracts';
import { sessionDocument } from '../../../test/adapter-contracts/session-store.contract';
import { startInMemoryGateway } from './in-memory-gateway';

describe('DELETE /api/v1/sessions/{id}/customer', () => {
  let gateway: Awaited<ReturnType<typeof startInMemoryGateway>>;
  const published: unknown[] = [];
  before(async () => {
    gateway = await startInMemoryGateway();
    await gateway.bus.subscribe({ groupId: 'audit', topics: [Topics.sessionErasure], handler: async (message) => void published.push(JSON.parse(message.value.toString())) });
  });
  after(() => gateway.stop());
  const erase = (applicationId: string, sessionId: string, scopes = ['sessions:write']) => gateway.call(applicationId, scopes, 'DELETE', `/api/v1/sessions/${sessionId}/customer`);

  it("should erase the shopper's data and additionalInformation, keep amounts, status and references, and audit it once", async () => {
    const session = sessionDocument({ livemode: false, status: 'COMPLETED', applicationId: 'app-erase', additionalInformation: { loyaltyId: 'L-42' } });
    await gateway.sessions.insert(session);
    const first = await erase('app-erase', session._id);
    expect(first.status).to.equal(200);
    expect(first.body).to.include({ sessionId: session._id, status: 'COMPLETED', orderReference: 'ORD-1' });
    expect(first.body!.additionalInformation).to.deep.equal({});
    expect(first.body!.customerErasedAt).to.be.a('string');
    expect((await gateway.sessions.find(session._id))!.customer).to.equal(null);
    const again = await erase('app-erase', session._id);
    expect(again.body).to.deep.equal(first.body);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const audited = published.filter((event) => (event as { sessionId: string }).sessionId === session._id) as { erasedAt: string }[];
    expect(audited).to.have.length(1);
    expect(audited[0]).to.include({ sessionId: session._id, applicationId: 'app-erase', reason: 'merchant' });
    expect(audited[0]!.erasedAt.slice(0, 19)).to.equal(first.body!.customerErasedAt.slice(0, 19));
  });

  it("should answer 409 with Retry-After while the session is PROCESSING, 404 for another application's, 403 without sessions:write", async () => {
    const processing = sessionDocument({ livemode: false, applicationId: 'app-erase' });
    await gateway.sessions.insert(processing);
    const busy = await erase('app-erase', processing._id);
    expect(busy.status).to.equal(409);
    expect(busy.body).to.include({ code: 'session_processing' });
    expect((await erase('someone-else', processing._id)).body).to.include({ status: 404, code: 'session_not_found' });
    expect((await erase('app-erase', processing._id, ['sessions:read'])).status).to.equal(403);
    expect((await gateway.sessions.find(processing._id))!.customer).to.deep.equal(processing.customer);
  });
});
