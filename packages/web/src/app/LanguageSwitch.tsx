import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { setLanguage, SUPPORTED_LANGS } from './i18n';
import type { Locale } from './types';

/** Language names are written in their own language, so they are the same in every locale. */
const NATIVE_NAMES: Record<Locale, string> = { az: 'Azərbaycanca', tr: 'Türkçe', en: 'English' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="lang-switch">
      <label htmlFor={id} className="visually-hidden">{t('topbar.language')}</label>
      <select
        id={id} className="input select select--compact" value={i18n.language}
        onChange={(e) => setLanguage(e.target.value as Locale)} data-testid="lang-switch"
      >
        {SUPPORTED_LANGS.map((l) => <option key={l} value={l} lang={l}>{NATIVE_NAMES[l]}</option>)}
      </select>
    </div>
  );
}
