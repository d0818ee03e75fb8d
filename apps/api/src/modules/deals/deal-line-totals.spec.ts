import { describe, expect, it } from '@jest/globals';
import { dealLineTotals, lineMinorTotals } from './deal-line-totals.js';

const line = (quantity: string, price: string, discountPercent = '0', vatRate = '0') => ({ quantity, price, discountPercent, vatRate });

describe('deal line totals', () => {
  it('applies the discount before VAT, each rounded half up to the cent', () => {
    // 3 × 19.99 = 59.97; less 7.5 % = 55.47225 → 55.47; 21 % VAT = 11.6487 → 11.65.
    expect(dealLineTotals([line('3', '19.99', '7.5', '21')], 'EUR')).toEqual({
      lines: [{ netAmount: '55.47', vatAmount: '11.65', totalAmount: '67.12' }],
      amount: '67.12',
      amountMinor: 6712n,
    });
  });

  it('rounds exact halves up', () => {
    // 2.5 × 10.01 = 25.025 → 25.03; 10 % VAT = 2.503 → 2.50.
    expect(lineMinorTotals(line('2.5', '10.01', '0', '10'), 'EUR')).toEqual({ net: 2503n, vat: 250n, total: 2753n });
    // 0.05 at 19 % VAT: 0.0095 → 0.01.
    expect(lineMinorTotals(line('1', '0.05', '0', '19'), 'EUR')).toEqual({ net: 5n, vat: 1n, total: 6n });
    // 0.5 × 0.01 = 0.005 → 0.01.
    expect(lineMinorTotals(line('0.5', '0.01'), 'EUR')).toEqual({ net: 1n, vat: 0n, total: 1n });
  });

  it('takes quantities with three decimals and prices with four', () => {
    // 1.255 × 3.3333 = 4.18329... → 4.18; 9 % VAT = 0.3762 → 0.38.
    expect(dealLineTotals([line('1.255', '3.3333', '0', '9')], 'EUR').lines[0]).toEqual({ netAmount: '4.18', vatAmount: '0.38', totalAmount: '4.56' });
    // 1000 × 0.0125 = 12.50.
    expect(dealLineTotals([line('1000', '0.0125')], 'EUR').amount).toBe('12.50');
  });

  it('rounds to whole yen for JPY', () => {
    // 3 × 1999 = 5997; less 7.5 % = 5547.225 → 5547; 10 % VAT = 554.7 → 555.
    expect(dealLineTotals([line('3', '1999', '7.5', '10')], 'JPY')).toEqual({
      lines: [{ netAmount: '5547', vatAmount: '555', totalAmount: '6102' }],
      amount: '6102',
      amountMinor: 6102n,
    });
  });

  it('keeps three digits for KWD', () => {
    expect(dealLineTotals([line('1', '1.2345', '0', '5')], 'KWD').lines[0]).toEqual({ netAmount: '1.235', vatAmount: '0.062', totalAmount: '1.297' });
  });

  it('sums the rounded line totals into the deal amount, without float drift', () => {
    const lines = Array.from({ length: 10 }, () => line('1', '0.1', '0', '0'));
    expect(dealLineTotals(lines, 'EUR').amount).toBe('1.00');
    const mixed = dealLineTotals([line('3', '19.99', '7.5', '21'), line('1', '0.05', '0', '19'), line('2', '100', '100', '21')], 'EUR');
    expect(mixed.lines.map((l) => l.totalAmount)).toEqual(['67.12', '0.06', '0.00']);
    expect(mixed.amount).toBe('67.18');
  });

  it('handles amounts beyond the range of a float exactly', () => {
    expect(dealLineTotals([line('99999999999', '9999.9999', '0', '0')], 'EUR').amount).toBe('999999989990000.00');
  });

  it('gives an empty deal a zero amount', () => {
    expect(dealLineTotals([], 'EUR')).toEqual({ lines: [], amount: '0.00', amountMinor: 0n });
  });
});
