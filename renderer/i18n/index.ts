import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { localeSchema, type Locale } from '../../shared/schemas/common';
import { resources } from './resources';

const STORAGE_KEY = 'haven.locale';
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const locales: readonly Locale[] = ['zh-CN', 'en'];

/** The user's saved choice; zh-CN unless they picked English on this PC. */
function savedLocale(): Locale {
  try {
    const parsed = localeSchema.safeParse(window.localStorage.getItem(STORAGE_KEY));
    return parsed.success ? parsed.data : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

const initial = savedLocale();
document.documentElement.lang = initial;

void i18n.use(initReactI18next).init({
  resources,
  lng: initial,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...locales],
  interpolation: { escapeValue: false }, // React escapes.
  returnNull: false,
  initAsync: false,
});

export function currentLocale(): Locale {
  const parsed = localeSchema.safeParse(i18n.language);
  return parsed.success ? parsed.data : DEFAULT_LOCALE;
}

/** Switches the language and remembers it on this PC (not per user: it is not secret). */
export function setLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage may be unavailable; the choice then lasts for this session only.
  }
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}

export default i18n;
