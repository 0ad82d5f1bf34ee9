import { expect } from 'chai';
import { decodeEvent, encodeEvent, EventDecodeError, EventTypes } from '@checkout/contracts';

describe('CloudEvents binary mode', () => {
  const data = {
    sessionId: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9',
    applicationId: 'app',
    currency: 'AUD',
    code: 'no_eligible_provider' as const,
    detail: 'none',
    attempts: [],
  };

  it('should put the attributes in ce_ headers, the subject in the key, and round-trip', () => {
    const message = encodeEvent(EventTypes.sessionFailed, 'urn:checkout:routing', data.sessionId, data, { traceparent: '00-abc-def-01' });
    expect(message.key).to.equal(data.sessionId);
    expect(message.headers).to.include({
      ce_specversion: '1.0',
      ce_type: 'dev.checkout.session.failed.v1',
      ce_source: 'urn:checkout:routing',
      ce_subject: data.sessionId,
      'content-type': 'application/json',
      traceparent: '00-abc-def-01',
    });
    expect(message.headers.ce_id).to.match(/^[0-9a-f-]{36}$/);
    const decoded = decodeEvent(message);
    expect(decoded).to.include({ type: EventTypes.sessionFailed, subject: data.sessionId, id: message.headers.ce_id });
    expect(decoded.data).to.deep.equal(data);
  });

  it('should refuse a message without the envelope, of an unknown type, or not JSON', () => {
    const good = encodeEvent(EventTypes.sessionFailed, 'urn:test', 's', data);
    expect(() => decodeEvent({ ...good, headers: {} })).to.throw(EventDecodeError, /ce_specversion/);
    expect(() => decodeEvent({ ...good, headers: { ...good.headers, ce_type: 'com.other' } })).to.throw(EventDecodeError, /unknown event type/);
    expect(() => decodeEvent({ ...good, headers: { ...good.headers, ce_id: '' } })).to.throw(EventDecodeError, /ce_id/);
    expect(() => decodeEvent({ ...good, value: Buffer.from('{oops') })).to.throw(EventDecodeError, /not JSON/);
    expect(() => decodeEvent({ ...good, headers: { ...good.headers, 'content-type': 'text/xml' } })).to.throw(EventDecodeError, /content-type/);
  });
});
