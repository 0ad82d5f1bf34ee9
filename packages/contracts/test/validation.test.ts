import { expect } from 'chai';
import { ContractValidator, EventTypes } from '@checkout/contracts';
import { seedBody } from '../../../test/support/seed';

describe('ContractValidator', () => {
  const validator = new ContractValidator();

  describe('createSessionRequest', () => {
    it("should accept the seed's request body", () => {
      const result = validator.createSessionRequest(seedBody());
      expect(result.ok, JSON.stringify(result)).to.equal(true);
    });

    it('should point at unknown, missing and malformed fields', () => {
      const body: Record<string, unknown> = { ...seedBody(), extra: 1 };
      body.customer = { ...seedBody().customer, phone: '0412 345 678', billingAddress: { line1: 'x', city: 'y', country: 'Australia' } };
      delete body.orderReference;
      const result = validator.createSessionRequest(body);
      expect(result.ok).to.equal(false);
      if (result.ok) return;
      expect(result.errors).to.deep.include({ pointer: '/extra', detail: 'is not a known field' });
      expect(result.errors).to.deep.include({ pointer: '/orderReference', detail: 'is required' });
      expect(result.errors.map((e) => e.pointer)).to.include.members(['/customer/phone', '/customer/billingAddress/country']);
    });

    it('should reject a body that is not an object', () => {
      const result = validator.createSessionRequest([1, 2]);
      expect(result.ok).to.equal(false);
      if (!result.ok) expect(result.errors[0]).to.deep.equal({ pointer: '/', detail: 'must be object' });
    });

    it('should list the allowed values of an enum', () => {
      const result = validator.createSessionRequest({ ...seedBody(), paymentMethod: 'cash' });
      expect(result.ok).to.equal(false);
      if (!result.ok) expect(result.errors).to.deep.include({ pointer: '/paymentMethod', detail: 'must be one of card, paypal, klarna, afterpay_clearpay' });
    });
  });

  describe('event', () => {
    it('should accept a valid SessionRequested and reject a wrong one', () => {
      const valid = {
        sessionId: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9',
        applicationId: 'app',
        orderReference: 'ORD-1',
        paymentMethod: 'card',
        currency: 'AUD',
        amountMinor: 14076,
        billingCountry: 'AU',
        createdAt: '2024-01-15T11:00:00Z',
        expiresAt: '2024-01-15T12:00:00Z',
      };
      expect(validator.event(EventTypes.sessionRequested, valid).ok).to.equal(true);
      const invalid = validator.event(EventTypes.sessionRequested, { ...valid, amountMinor: 1.5, sessionId: 'x' });
      expect(invalid.ok).to.equal(false);
      if (!invalid.ok) expect(invalid.errors.map((e) => e.pointer)).to.include.members(['/amountMinor', '/sessionId']);
    });
  });
});
