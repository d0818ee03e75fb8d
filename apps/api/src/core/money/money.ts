import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * Exact money. Amounts travel as decimal strings (PostgreSQL numeric reads as a string) and are computed on as integer
 * minor units in BigInt, so no amount ever passes through a binary float.
 */

/** A plain decimal string: optional minus, digits, optional fraction. No exponent, no grouping, no plus sign. */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** An amount as clients send it: not negative, at most 15 integer digits and 4 decimals, like numeric(19,4). */
export const MONEY_AMOUNT_PATTERN = /^\d{1,15}(\.\d{1,4})?$/;

/** The currencies this runtime knows (ISO 4217, the active ones). */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export class MoneyError extends Error {}

export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && CURRENCIES.has(value);
}

const digitsCache = new Map<string, number>();

/** Digits after the decimal point in the currency's minor unit: EUR 2, JPY 0, KWD 3. */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    if (!isCurrencyCode(currency)) throw new MoneyError(`Unknown currency "${currency}"`);
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

/**
 * The decimal as an integer count of `10^-scale`: `toScaled('1.5', 3)` is 1500n. Exact or refused: digits beyond
 * `scale` are allowed only when they are zeros (numeric(19,4) reads back as "12.5000").
 */
export function toScaled(decimal: string, scale: number): bigint {
  const match = DECIMAL.exec(decimal);
  if (!match) throw new MoneyError(`"${decimal}" is not a decimal number`);
  const [, sign, whole, fraction = ''] = match;
  if (/[1-9]/.test(fraction.slice(scale))) throw new MoneyError(`"${decimal}" has more than ${scale} decimals`);
  const value = BigInt(whole + fraction.slice(0, scale).padEnd(scale, '0'));
  return sign ? -value : value;
}

/** The integer count of `10^-scale` as a decimal string with exactly `scale` decimals: `fromScaled(1500n, 3)` is "1.500". */
export function fromScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** The amount in minor units: `toMinor('12.34', 'EUR')` is 1234n. Refuses more (non-zero) decimals than the currency has. */
export function toMinor(decimal: string, currency: string): bigint {
  return toScaled(decimal, minorDigits(currency));
}

/** Minor units back to a decimal string with the currency's digits: `fromMinor(1234n, 'EUR')` is "12.34", JPY "1234". */
export function fromMinor(minor: bigint, currency: string): string {
  return fromScaled(minor, minorDigits(currency));
}

/** Whether the decimal fits the currency's minor unit exactly ("10.10" and "10.100" fit EUR, "10.105" does not). */
export function fitsCurrency(decimal: string, currency: string): boolean {
  try {
    toMinor(decimal, currency);
    return true;
  } catch {
    return false;
  }
}

/** A stored amount in its currency's form: `normalizeAmount('12.5000', 'EUR')` is "12.50". */
export function normalizeAmount(decimal: string, currency: string): string {
  return fromMinor(toMinor(decimal, currency), currency);
}

/** `numerator / denominator` rounded to an integer, halves away from zero (2.5 → 3, -2.5 → -3). */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new MoneyError('Division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

function stringRule(name: string, message: string, test: (value: string) => boolean, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: message.replace('$property', String(propertyKey)), ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && test(value) },
    });
}

/** An active ISO 4217 currency code in capitals, e.g. EUR. */
export function IsCurrencyCode(options?: ValidationOptions): PropertyDecorator {
  return stringRule('isCurrencyCode', '$property must be an ISO 4217 currency code such as EUR', (value) => CURRENCIES.has(value), options);
}

/** A non-negative amount as a decimal string, e.g. "1234.50": up to 15 integer digits and 4 decimals. */
export function IsMoneyAmount(options?: ValidationOptions): PropertyDecorator {
  return stringRule(
    'isMoneyAmount',
    '$property must be a non-negative decimal string such as "1234.50" (at most 15 digits before and 4 after the point)',
    (value) => MONEY_AMOUNT_PATTERN.test(value),
    options,
  );
}
