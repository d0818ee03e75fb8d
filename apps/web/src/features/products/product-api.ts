import { useI18n } from 'vue-i18n';
import { api, type Schema, unwrap } from '@/api/client';
import type { ListParams, Page } from '@/composables/use-cursor-list';

export type Product = Schema<'ProductDto'>;

const one = (value: ListParams[string]) => (Array.isArray(value) ? value[0] : value);

export function listProducts(params: ListParams & { cursor?: string }): Promise<Page<Product>> {
  const active = one(params.active);
  return unwrap(
    api.GET('/api/v1/products', {
      params: {
        query: {
          q: one(params.q),
          active: active === 'true' ? true : active === 'false' ? false : undefined,
          sort: one(params.sort),
          cursor: params.cursor,
          limit: 50,
        },
      },
    }),
  );
}

export const getProduct = (id: string): Promise<Product> => unwrap(api.GET('/api/v1/products/{id}', { params: { path: { id } } }));

export const deleteProduct = (product: Product) =>
  unwrap(api.DELETE('/api/v1/products/{id}', { params: { path: { id: product.id }, header: { 'If-Match': `"${product.version}"` } } }));

/** Every currency the browser knows (ISO 4217), for pickers. */
export const CURRENCIES: string[] = Intl.supportedValuesOf('currency');

/** Digits after the decimal point in the currency's minor unit: EUR 2, JPY 0, KWD 3 (as the API counts them). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Prices in the user's language. The API sends exact decimal strings; Intl formats the string itself, so no price
 * passes through a float on its way to the screen.
 */
export function usePriceFormat() {
  const { locale } = useI18n();
  return {
    price: (amount: string, currency: string) =>
      new Intl.NumberFormat(locale.value, { style: 'currency', currency }).format(amount as Intl.StringNumericLiteral),
    percent: (value: string) => new Intl.NumberFormat(locale.value, { maximumFractionDigits: 2 }).format(value as Intl.StringNumericLiteral) + ' %',
  };
}
