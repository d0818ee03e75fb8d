import { fromScaled, minorDigits, roundHalfUp } from '../../core/money/money.js';

/** Decimals of `numeric(19,4)`: every stored amount, and every SQL sum of them, reads back with this scale. */
export const STORED_SCALE = 4;

const STORED_UNIT = 10n ** BigInt(STORED_SCALE);

/**
 * A sum in units of 10^-4 as the currency writes it, rounded half-up to its minor unit: 1234.5000 EUR is "1234.50",
 * JPY "1235". Sums of stored amounts are already in the minor unit, so for them this only trims the padding.
 */
export function formatScaled(scaled: bigint, currency: string): string {
  const digits = minorDigits(currency);
  if (digits >= STORED_SCALE) return fromScaled(scaled * 10n ** BigInt(digits - STORED_SCALE), digits);
  return fromScaled(roundHalfUp(scaled, 10n ** BigInt(STORED_SCALE - digits)), digits);
}

/**
 * Σ(amount × probability) in units of 10^-4 (an integer percentage keeps the scale) as the weighted amount: divided
 * by 100 and rounded half-up once, to the currency's minor unit.
 */
export function formatWeighted(amountTimesPercent: bigint, currency: string): string {
  const digits = minorDigits(currency);
  return fromScaled(roundHalfUp(amountTimesPercent * 10n ** BigInt(digits), 100n * STORED_UNIT), digits);
}
