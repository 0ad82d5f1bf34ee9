import { expect } from 'chai';
import { Webhook } from 'standardwebhooks';
import { newSecret } from '@checkout/webhooks';
import { webhookHeaders } from '../src/sign-webhook';

describe('webhookHeaders (Standard Webhooks)', () => {
  const body = JSON.stringify({ id: 'evt_1', type: 'checkout.session.completed' });

  it('should sign "{id}.{timestamp}.{body}" so that the standardwebhooks package verifies it, with each secret', () => {
    const [a, b] = [newSecret(new Date()).value, newSecret(new Date()).value];
    const headers = webhookHeaders('evt_1', new Date(), body, [a, b]);
    expect(headers['webhook-id']).to.equal('evt_1');
    expect(headers['webhook-timestamp']).to.match(/^\d{10}$/);
    expect(headers['webhook-signature']!.split(' ')).to.have.length(2);
    for (const secret of [a, b]) expect(new Webhook(secret).verify(body, headers)).to.deep.equal(JSON.parse(body));
    expect(() => new Webhook(newSecret(new Date()).value).verify(body, headers)).to.throw(/No matching signature/);
    expect(() => new Webhook(a).verify(body.replace('evt_1', 'evt_2'), headers)).to.throw();
  });

  it('should refuse, on the receiving side, a delivery older than the tolerance', () => {
    const secret = newSecret(new Date()).value;
    const headers = webhookHeaders('evt_1', new Date(Date.now() - 10 * 60_000), body, [secret]);
    expect(() => new Webhook(secret).verify(body, headers)).to.throw(/too old/);
  });
});
