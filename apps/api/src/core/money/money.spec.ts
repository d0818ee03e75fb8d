import { describe, expect, it } from '@jest/globals';
import { validate } from 'class-validator';
import {
  fitsCurrency,
  fromMinor,
  fromScaled,
  IsCurrencyCode,
  isDecimalString,
  IsMoneyAmount,
  minorDigits,
  MoneyError,
  normalizeAmount,
  roundHalfUp,
  toMinor,
  toScaled,
} from './money.js';

describe('minorDigits', () => {
  it('knows each currency’s minor unit', () => {
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
  });

  it('refuses codes that are not ISO 4217 currencies', () => {
    expect(() => minorDigits('eur')).toThrow(MoneyError);
    expect(() => minorDigits('ABC')).toThrow(MoneyError);
  });
});

describe('decimal strings', () => {
  it('accepts plain decimals only', () => {
    for (const good of ['0', '12', '12.5', '-3.25', '000.10']) expect(isDecimalString(good)).toBe(true);
    for (const bad of ['', '1e3', '+1', '1.', '.5', '1,5', '1 000', ' 1', 'NaN', 12]) expect(isDecimalString(bad)).toBe(false);
  });

  it('converts to minor units exactly, beyond the range of a float', () => {
    expect(toMinor('12.34', 'EUR')).toBe(1234n);
    expect(toMinor('12.3', 'EUR')).toBe(1230n);
    expect(toMinor('12', 'EUR')).toBe(1200n);
    expect(toMinor('1500', 'JPY')).toBe(1500n);
    expect(toMinor('1.005', 'KWD')).toBe(1005n);
    expect(toMinor('-0.01', 'EUR')).toBe(-1n);
    expect(toMinor('999999999999999.99', 'EUR')).toBe(99999999999999999n);
    expect(toMinor('0.1', 'EUR') + toMinor('0.2', 'EUR')).toBe(toMinor('0.3', 'EUR'));
  });

  it('refuses more decimals than the currency has, but takes trailing zeros as stored by numeric(19,4)', () => {
    expect(() => toMinor('12.345', 'EUR')).toThrow(/more than 2 decimals/);
    expect(() => toMinor('1.5', 'JPY')).toThrow(MoneyError);
    expect(() => toMinor('1.0001', 'KWD')).toThrow(MoneyError);
    expect(toMinor('12.5000', 'EUR')).toBe(1250n);
    expect(toMinor('1500.0000', 'JPY')).toBe(1500n);
    expect(() => toMinor('abc', 'EUR')).toThrow(/not a decimal/);
    expect(fitsCurrency('10.10', 'EUR')).toBe(true);
    expect(fitsCurrency('10.105', 'EUR')).toBe(false);
  });

  it('formats minor units with the currency’s digits', () => {
    expect(fromMinor(1234n, 'EUR')).toBe('12.34');
    expect(fromMinor(5n, 'EUR')).toBe('0.05');
    expect(fromMinor(0n, 'EUR')).toBe('0.00');
    expect(fromMinor(-5n, 'EUR')).toBe('-0.05');
    expect(fromMinor(1500n, 'JPY')).toBe('1500');
    expect(fromMinor(1005n, 'KWD')).toBe('1.005');
    expect(normalizeAmount('12.5000', 'EUR')).toBe('12.50');
  });

  it('scales to any number of decimals', () => {
    expect(toScaled('2.5', 3)).toBe(2500n);
    expect(fromScaled(2500n, 3)).toBe('2.500');
    expect(fromScaled(7n, 0)).toBe('7');
  });
});

describe('roundHalfUp', () => {
  it('rounds halves away from zero and everything else to the nearest', () => {
    expect(roundHalfUp(5n, 2n)).toBe(3n);
    expect(roundHalfUp(-5n, 2n)).toBe(-3n);
    expect(roundHalfUp(5n, -2n)).toBe(-3n);
    expect(roundHalfUp(4n, 2n)).toBe(2n);
    expect(roundHalfUp(1n, 3n)).toBe(0n);
    expect(roundHalfUp(2n, 3n)).toBe(1n);
    expect(roundHalfUp(-2n, 3n)).toBe(-1n);
    expect(roundHalfUp(0n, 7n)).toBe(0n);
    // 19 % VAT on 0.05: 0.0095 rounds to 0.01.
    expect(roundHalfUp(5n * 1900n, 10000n)).toBe(1n);
    expect(() => roundHalfUp(1n, 0n)).toThrow(MoneyError);
  });
});

describe('validation decorators', () => {
  class Body {
    @IsCurrencyCode()
    currency: unknown;

    @IsMoneyAmount()
    price: unknown;
  }
  const check = async (currency: unknown, price: unknown) => {
    const body = Object.assign(new Body(), { currency, price });
    return (await validate(body)).map((error) => error.property);
  };

  it('accepts ISO 4217 codes and decimal strings', async () => {
    expect(await check('EUR', '0')).toEqual([]);
    expect(await check('JPY', '123456789012345.1234')).toEqual([]);
  });

  it('refuses unknown currencies and malformed amounts', async () => {
    expect(await check('eur', '1')).toEqual(['currency']);
    expect(await check('XYZ', '1')).toEqual(['currency']);
    expect(await check(978, '1')).toEqual(['currency']);
    for (const bad of ['-1', '1.12345', '1234567890123456', '1e3', 12, '1.']) expect(await check('EUR', bad)).toEqual(['price']);
  });
});
