import { expect } from 'chai';
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

  it('should scope key hashes by application and keep the pair unambiguous', () => {
    expect(idempotencyKeyHash('app-1', 'key')).not.to.equal(idempotencyKeyHash('app-2', 'key'));
    expect(idempotencyKeyHash('ab', 'c')).not.to.equal(idempotencyKeyHash('a', 'bc'));
    expect(idempotencyKeyHash('app', 'key')).to.match(/^[0-9a-f]{64}$/);
  });
});
