/**
 * Money on the deal screens. The API sends amounts as exact decimal strings; sums the board changes on its own (a card
 * moved from one column to another) are computed here on integers of the smallest decimal place, never on floats.
 */

export interface CurrencySum {
  currency: string;
  amount: string;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A decimal string as a whole number of 10^-scale. */
function parse(text: string): { units: bigint; scale: number } {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new Error(`Not a decimal amount: ${text}`);
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(whole! + fraction);
  return { units: sign ? -units : units, scale: fraction.length };
}

function print(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}

/** a + b·sign, exactly, with the larger of their decimal places. */
export function addDecimal(a: string, b: string, sign: 1 | -1 = 1): string {
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  const units = x.units * 10n ** BigInt(scale - x.scale) + BigInt(sign) * y.units * 10n ** BigInt(scale - y.scale);
  return print(units, scale);
}

export function isZeroDecimal(text: string): boolean {
  return parse(text).units === 0n;
}

/**
 * Per-currency sums with one amount added (sign 1) or taken away (-1), sorted by currency code as the API sends them.
 * A currency whose sum falls to zero goes when `keepZero` says no deal of it is left.
 */
export function changeSums(sums: CurrencySum[], currency: string, amount: string, sign: 1 | -1, keepZero: (currency: string) => boolean): CurrencySum[] {
  const current = sums.find((sum) => sum.currency === currency);
  const next = current ? addDecimal(current.amount, amount, sign) : addDecimal('0', amount, sign);
  const others = sums.filter((sum) => sum.currency !== currency);
  const kept = isZeroDecimal(next) && !keepZero(currency) ? others : [...others, { currency, amount: next }];
  return kept.sort((a, b) => a.currency.localeCompare(b.currency));
}
