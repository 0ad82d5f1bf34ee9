import { expect } from 'chai';
import { checkSessionRequest } from '../src/sessions/session-request-rules';
import { seedBody } from '../../../test/support/seed';

describe('checkSessionRequest', () => {
  const strict = { allowHttpLocalhost: false };
  const NOW = new Date('2024-01-15T11:00:00Z');

  it("should convert the seed's amounts to minor units", () => {
    const outcome = checkSessionRequest(seedBody(), strict, NOW);
    expect(outcome).to.deep.equal({ ok: true, amounts: { totalMinor: 14076, shippingMinor: 995, taxMinor: 1181, itemPricesMinor: [11900] }, expiresAt: null });
  });

  it('should multiply quantities and accept a total that matches exactly', () => {
    const body = { ...seedBody(), amount: { total: 259.76, shipping: 9.95, tax: 11.81 }, orderItems: [{ name: 'A', quantity: 2, unitPrice: 119 }] };
    expect(checkSessionRequest(body, strict, NOW).ok).to.equal(true);
  });

  it('should report amount_mismatch at /amount/total with the expected total', () => {
    const outcome = checkSessionRequest({ ...seedBody(), amount: { total: 140.77, shipping: 9.95, tax: 11.81 } }, strict, NOW);
    expect(outcome).to.deep.equal({
      ok: false,
      code: 'amount_mismatch',
      errors: [{ pointer: '/amount/total', detail: 'must equal the items plus shipping and tax: 140.76 AUD, got 140.77' }],
    });
  });

  it('should skip the totals check when no order items are sent', () => {
    const body = { ...seedBody(), orderItems: undefined, amount: { total: 50 } };
    expect(checkSessionRequest(body, strict, NOW).ok).to.equal(true);
  });

  it('should report too many decimals for the currency at the field', () => {
    const body = { ...seedBody(), currency: 'JPY', amount: { total: 1000 }, orderItems: [{ name: 'A', quantity: 1, unitPrice: 999.5 }] };
    const outcome = checkSessionRequest(body, strict, NOW);
    expect(outcome.ok).to.equal(false);
    if (!outcome.ok) {
      expect(outcome.code).to.equal('too_many_decimals');
      expect(outcome.errors).to.deep.equal([{ pointer: '/orderItems/0/unitPrice', detail: 'JPY allows 0 decimal places, got 1' }]);
    }
  });

  it('should refuse http redirects, except on localhost in development', () => {
    const body = { ...seedBody(), redirectUrls: { success: 'http://localhost:3000/ok', failure: 'http://shop.example/ko' } };
    const strictOutcome = checkSessionRequest(body, strict, NOW);
    expect(strictOutcome.ok).to.equal(false);
    if (!strictOutcome.ok) expect(strictOutcome.errors.map((e) => e.pointer)).to.deep.equal(['/redirectUrls/success', '/redirectUrls/failure']);
    const devOutcome = checkSessionRequest(body, { allowHttpLocalhost: true }, NOW);
    expect(devOutcome.ok).to.equal(false);
    if (!devOutcome.ok) expect(devOutcome.errors.map((e) => e.pointer)).to.deep.equal(['/redirectUrls/failure']);
  });

  it('should take an expiresAt 30 minutes to 24 hours ahead, to the second, and refuse one outside that at /expiresAt', () => {
    const ahead = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
    const at = (expiresAt: string) => checkSessionRequest({ ...seedBody(), expiresAt }, strict, NOW);
    expect(at(ahead(31 * 60_000))).to.deep.include({ ok: true, expiresAt: new Date(NOW.getTime() + 31 * 60_000) });
    expect(at(ahead(30 * 60_000)).ok).to.equal(true);
    expect(at(ahead(24 * 3_600_000)).ok).to.equal(true);
    expect(at('2024-01-15T12:31:00.750+01:00')).to.deep.include({ ok: true, expiresAt: new Date('2024-01-15T11:31:00Z') });
    for (const refused of [ahead(29 * 60_000), ahead(24 * 3_600_000 + 1000), ahead(-60_000)]) {
      expect(at(refused), refused).to.deep.equal({
        ok: false,
        code: 'expires_at_out_of_range',
        errors: [{ pointer: '/expiresAt', detail: 'must be 30 minutes to 24 hours ahead of now (2024-01-15T11:00:00.000Z)' }],
      });
    }
  });
});
