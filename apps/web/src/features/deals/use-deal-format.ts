import { useI18n } from 'vue-i18n';
import type { CurrencySum } from './deal-money';

/**
 * Deal figures in the user's language. Intl formats the API's decimal strings themselves, so no amount passes through
 * a float on its way to the screen; calendar dates are read in local time, so no time zone moves them to another day.
 */
export function useDealFormat() {
  const { locale, d } = useI18n();
  const money = (amount: string, currency: string) => {
    try {
      return new Intl.NumberFormat(locale.value, { style: 'currency', currency }).format(amount as Intl.StringNumericLiteral);
    } catch {
      // A code Intl does not know still shows, plainly.
      return `${amount} ${currency}`;
    }
  };
  return {
    money,
    sums: (sums: CurrencySum[]) => sums.map((sum) => money(sum.amount, sum.currency)).join(' · '),
    decimal: (value: string) => new Intl.NumberFormat(locale.value, { maximumFractionDigits: 4 }).format(value as Intl.StringNumericLiteral),
    day: (value: string | null | undefined) => {
      if (!value) return '—';
      const [year, month, date] = value.split('-').map(Number) as [number, number, number];
      return d(new Date(year, month - 1, date), 'date');
    },
  };
}
