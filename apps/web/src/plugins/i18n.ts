import { createI18n } from 'vue-i18n';
import en from '../i18n/locales/en.json';
import es from '../i18n/locales/es.json';
import lv from '../i18n/locales/lv.json';
import ru from '../i18n/locales/ru.json';

export const LOCALES = ['en', 'ru', 'lv', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', ru: 'Русский', lv: 'Latviešu', es: 'Español' };

const STORED_LOCALE = 'crm.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Before sign-in: the last locale used on this device, else the browser's language, else English. */
function initialLocale(): Locale {
  const stored = localStorage.getItem(STORED_LOCALE);
  if (isLocale(stored)) return stored;
  const browser = navigator.language.slice(0, 2);
  return isLocale(browser) ? browser : 'en';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { en, ru, lv, es },
  datetimeFormats: Object.fromEntries(
    LOCALES.map((locale) => [
      locale,
      {
        date: { year: 'numeric', month: 'short', day: 'numeric' },
        dateTime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
      },
    ]),
  ),
  numberFormats: Object.fromEntries(
    LOCALES.map((locale) => [locale, { integer: { maximumFractionDigits: 0 }, money: { style: 'currency', currency: 'EUR' } }]),
  ),
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORED_LOCALE, locale);
  document.documentElement.lang = locale;
}
