import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogue } from '../locales/catalog';
import type { Locale } from './types';

export const LANG_STORAGE_KEY = 'vefa.lang';
export const SUPPORTED_LANGS: readonly Locale[] = ['az', 'tr', 'en'];

export function storedLanguage(): Locale {
  try {
    const v = localStorage.getItem(LANG_STORAGE_KEY);
    if (v && (SUPPORTED_LANGS as readonly string[]).includes(v)) return v as Locale;
  } catch {
    /* storage unavailable */
  }
  return 'az';
}

export function setLanguage(lang: Locale): void {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    /* storage unavailable */
  }
  void i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(SUPPORTED_LANGS.map((l) => [l, { translation: catalogue(l) }])),
  lng: storedLanguage(),
  fallbackLng: false,
  supportedLngs: SUPPORTED_LANGS as Locale[],
  // Keys such as permission.customers:read contain a colon; there is one namespace, so no separator.
  nsSeparator: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

function syncDocument(lang: string) {
  document.documentElement.lang = lang;
  document.title = i18n.t('app.name');
}
syncDocument(i18n.language);
i18n.on('languageChanged', syncDocument);

export default i18n;
