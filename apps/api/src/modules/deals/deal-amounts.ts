import { minorDigits } from '../../core/money/money.js';

const TRAILING_ZEROS = /\.?0+$/;

/** A stored numeric without the zeros its column scale pads it with: "3.000" reads "3", "7.50" reads "7.5". */
export function decimalText(value: string): string {
  return value.includes('.') ? value.replace(TRAILING_ZEROS, '') : value;
}

/**
 * A stored amount with the currency's digits ("12.5000" EUR reads "12.50", JPY "1500"), and more only where it has
 * them (a unit price of "0.0125"): never rounded, so that what is shown is what is stored.
 */
export function moneyText(value: string, currency: string): string {
  const digits = minorDigits(currency);
  const point = value.indexOf('.');
  const whole = point < 0 ? value : value.slice(0, point);
  const fraction = point < 0 ? '' : value.slice(point + 1).replace(/0+$/, '');
  const shown = fraction.length >= digits ? fraction : fraction.padEnd(digits, '0');
  return shown ? `${whole}.${shown}` : whole;
}
