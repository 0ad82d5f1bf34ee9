import { expect } from 'chai';
import { fromMinorUnits, MoneyError, toMinorUnits } from '@checkout/contracts';

describe('toMinorUnits', () => {
  it('should convert by the currency exponent (AUD 2, JPY 0, KWD 3)', () => {
    expect(toMinorUnits(140.76, 'AUD')).to.equal(14076);
    expect(toMinorUnits(9.95, 'AUD')).to.equal(995);
    expect(toMinorUnits(119, 'AUD')).to.equal(11900);
    expect(toMinorUnits(15000, 'JPY')).to.equal(15000);
    expect(toMinorUnits(12.345, 'KWD')).to.equal(12345);
    expect(toMinorUnits(0.1, 'KWD')).to.equal(100);
  });

  it('should not suffer binary floating point errors', () => {
    // 1.005 * 100 is 100.49999999999999 in binary floating point; 4.35 * 100 is 434.99999999999994.
    expect(toMinorUnits(1.005, 'KWD')).to.equal(1005);
    expect(toMinorUnits(4.35, 'USD')).to.equal(435);
    expect(toMinorUnits(0.29, 'EUR')).to.equal(29);
  });

  it('should refuse more decimals than the currency has', () => {
    expect(() => toMinorUnits(100.5, 'JPY')).to.throw(MoneyError, 'JPY allows 0 decimal places, got 1');
    expect(() => toMinorUnits(11.815, 'AUD')).to.throw(MoneyError, 'AUD allows 2 decimal places, got 3');
    expect(() => toMinorUnits(1e-7, 'USD')).to.throw(MoneyError).with.property('reason', 'too_many_decimals');
  });

  it('should refuse an unknown currency and out-of-range amounts', () => {
    expect(() => toMinorUnits(1, 'XXX')).to.throw(MoneyError).with.property('reason', 'unsupported_currency');
    expect(() => toMinorUnits(-1, 'AUD')).to.throw(MoneyError).with.property('reason', 'out_of_range');
    expect(() => toMinorUnits(1e21, 'AUD')).to.throw(MoneyError).with.property('reason', 'out_of_range');
  });
});

describe('fromMinorUnits', () => {
  it('should turn minor units back into the API decimal', () => {
    expect(fromMinorUnits(14076, 'AUD')).to.equal(140.76);
    expect(fromMinorUnits(500, 'JPY')).to.equal(500);
    expect(fromMinorUnits(12345, 'KWD')).to.equal(12.345);
  });
});
