import { expect } from 'chai';
import { endpointView, newEndpointId, newSecret, receives, rotatedSecrets, SECRET_OVERLAP_MS, signingSecrets } from '@checkout/webhooks';

describe('webhook endpoints', () => {
  const now = new Date('2024-01-15T11:00:00Z');

  it('should make Standard Webhooks secrets of 32 random bytes, and ids that name the endpoint', () => {
    const secret = newSecret(now);
    expect(secret.value).to.match(/^whsec_/);
    expect(Buffer.from(secret.value.slice('whsec_'.length), 'base64')).to.have.length(32);
    expect(newSecret(now).value).not.to.equal(secret.value);
    expect(newEndpointId()).to.match(/^we_[A-Za-z0-9]{24}$/);
  });

  it('should sign with the old secret beside the new one for 24 hours after a rotation, then with the new one alone', () => {
    const original = newSecret(now);
    const { secrets, current } = rotatedSecrets({ secrets: [original] }, now);
    expect(signingSecrets({ secrets }, now)).to.deep.equal([original.value, current.value]);
    expect(signingSecrets({ secrets }, new Date(now.getTime() + SECRET_OVERLAP_MS - 1))).to.have.length(2);
    expect(signingSecrets({ secrets }, new Date(now.getTime() + SECRET_OVERLAP_MS))).to.deep.equal([current.value]);
    // A second rotation within the day keeps the first secret's end, and drops nothing still in use.
    const later = new Date(now.getTime() + 3600_000);
    const again = rotatedSecrets({ secrets }, later);
    expect(again.secrets.map((secret) => secret.value)).to.deep.equal([original.value, current.value, again.current.value]);
    expect(again.secrets[0]!.expiresAt?.getTime()).to.equal(now.getTime() + SECRET_OVERLAP_MS);
    // Days later the expired ones are dropped: the last current secret overlaps with the next.
    const third = rotatedSecrets({ secrets: again.secrets }, new Date(now.getTime() + 3 * SECRET_OVERLAP_MS));
    expect(third.secrets.map((secret) => secret.value)).to.deep.equal([again.current.value, third.current.value]);
  });

  it('should deliver only subscribed events to enabled endpoints, and show the secret only when asked', () => {
    expect(receives({ status: 'enabled', enabledEvents: ['*'] }, 'checkout.session.failed')).to.equal(true);
    expect(receives({ status: 'enabled', enabledEvents: ['checkout.session.completed'] }, 'checkout.session.failed')).to.equal(false);
    expect(receives({ status: 'disabled', enabledEvents: ['*'] }, 'checkout.session.failed')).to.equal(false);
    const secret = newSecret(now);
    const endpoint = { _id: 'we_1', applicationId: 'app', url: 'https://m.example/h', enabledEvents: ['*'], description: null, status: 'enabled' as const, secrets: [secret], failingSince: null, disabledReason: null, createdAt: now, updatedAt: now };
    expect(endpointView(endpoint)).not.to.have.property('secret');
    expect(JSON.stringify(endpointView(endpoint))).not.to.contain(secret.value);
    expect(endpointView(endpoint, secret).secret).to.equal(secret.value);
  });
});
