import { fromMinor, minorDigits, roundHalfUp, toScaled } from '../../core/money/money.js';

/** Decimals the line columns keep: quantity numeric(14,3), price numeric(19,4), percentages numeric(5,2). */
export const QUANTITY_SCALE = 3;
export const PRICE_SCALE = 4;
export const PERCENT_SCALE = 2;

/** One line as decimal strings: quantity, unit price in the deal's currency, discount and VAT in percent. */
export interface LinePricing {
  quantity: string;
  price: string;
  discountPercent: string;
  vatRate: string;
}

/** A line's amounts in minor units of the currency. */
export interface LineMinorTotals {
  net: bigint;
  vat: bigint;
  total: bigint;
}

export interface LineTotals {
  netAmount: string;
  vatAmount: string;
  totalAmount: string;
}

const HUNDRED_PERCENT = 100n * 10n ** BigInt(PERCENT_SCALE);

/**
 * A line's amounts, each rounded half up to the currency's minor unit: net = quantity × price × (1 − discount), VAT =
 * net × rate, total = net + VAT. The net is rounded once from the exact product, so a discount never rounds twice;
 * VAT is computed on the rounded net, as the invoice shows it.
 */
export function lineMinorTotals(line: LinePricing, currency: string): LineMinorTotals {
  const digits = minorDigits(currency);
  const quantity = toScaled(line.quantity, QUANTITY_SCALE);
  const price = toScaled(line.price, PRICE_SCALE);
  const kept = HUNDRED_PERCENT - toScaled(line.discountPercent, PERCENT_SCALE);
  const net = roundHalfUp(
    quantity * price * kept * 10n ** BigInt(digits),
    10n ** BigInt(QUANTITY_SCALE + PRICE_SCALE) * HUNDRED_PERCENT,
  );
  const vat = roundHalfUp(net * toScaled(line.vatRate, PERCENT_SCALE), HUNDRED_PERCENT);
  return { net, vat, total: net + vat };
}

/** Every line's amounts as decimal strings in the currency's form, and the deal amount: exactly the sum of the totals. */
export function dealLineTotals(lines: LinePricing[], currency: string): { lines: LineTotals[]; amount: string; amountMinor: bigint } {
  let amountMinor = 0n;
  const totals = lines.map((line) => {
    const { net, vat, total } = lineMinorTotals(line, currency);
    amountMinor += total;
    return { netAmount: fromMinor(net, currency), vatAmount: fromMinor(vat, currency), totalAmount: fromMinor(total, currency) };
  });
  return { lines: totals, amount: fromMinor(amountMinor, currency), amountMinor };
}
