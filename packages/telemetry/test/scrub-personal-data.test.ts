import { expect } from 'chai';
import { scrubPersonalData } from '@checkout/telemetry';

describe('scrubPersonalData', () => {
  it('should replace emails, phone numbers, card numbers, bearer tokens and JWTs', () => {
    const text =
      "Invalid email address: jane.smith@example.com; phone +61 412 345 678; card 4242 4242 4242 4242; " +
      'Authorization: Bearer abc.def; token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJl';
    const scrubbed = scrubPersonalData(text);
    for (const secret of ['jane.smith@example.com', '412 345 678', '4242', 'abc.def', 'eyJ']) expect(scrubbed).not.to.contain(secret);
    expect(scrubbed).to.equal('Invalid email address: [redacted]; phone [redacted]; card [redacted]; Authorization: [redacted]; token [redacted]');
  });

  it('should leave ids, codes, amounts, offsets and timestamps alone', () => {
    const text = "No such checkout.session: 'cs_test_a1b2c3'; session 5fd9f5fb-fb9a-4dd9-9e2e-c0c752b8d9aa; offset 1234567; 14076 AUD at 2024-01-15T11:00:00Z";
    expect(scrubPersonalData(text)).to.equal(text);
  });
});
