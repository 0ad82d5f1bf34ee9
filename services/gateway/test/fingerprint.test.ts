import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { ContractValidator, EXAMPLE_CREATE_SESSION_REQUEST } from '@checkout/contracts';
import { canonicalJson, idempotencyKeyHash, requestFingerprint } from '../src/idempotency/fingerprint';

describe('requestFingerprint', () => {
  it('should not depend on key order at any depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).to.equal('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(requestFingerprint({ a: 1, b: { c: 2, d: 3 } })).to.equal(requestFingerprint({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it('should change with any value, and with array order', () => {
    expect(requestFingerprint({ a: 1 })).not.to.equal(requestFingerprint({ a: 2 }));
    expect(requestFingerprint({ a: [1, 2] })).not.to.equal(requestFingerprint({ a: [2, 1] }));
  });

  it('should scope key hashes by application and mode, keep the pair unambiguous, and hash live keys as before modes', () => {
    const live = (applicationId: string) => ({ applicationId, livemode: true });
    expect(idempotencyKeyHash(live('app-1'), 'key')).not.to.equal(idempotencyKeyHash(live('app-2'), 'key'));
    expect(idempotencyKeyHash(live('app-1'), 'key')).not.to.equal(idempotencyKeyHash({ applicationId: 'app-1', livemode: false }, 'key'));
    expect(idempotencyKeyHash(live('ab'), 'c')).not.to.equal(idempotencyKeyHash(live('a'), 'bc'));
    // sha256("app\0key"): the hash of every key stored before modes, so their retries still replay.
    expect(idempotencyKeyHash(live('app'), 'key')).to.equal(createHash('sha256').update('app\0key').digest('hex'));
  });

  it('should give the seed request, as validated, the fingerprint it had before the whole order was taken (keys stored then still match their retries)', () => {
    const validation = new ContractValidator().createSessionRequest(structuredClone(EXAMPLE_CREATE_SESSION_REQUEST));
    if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
    // Measured at b9faa31, before paymentMethod, expiresAt and the shopper's fields arrived.
    expect(requestFingerprint(validation.value)).to.equal('891a39915b31c477f65631675c78df76de8e425261b3c0beed7a8e217423ae5f');
  });
});
