import i18next, { type Resource, type ResourceLanguage } from 'i18next';
import { initReactI18next } from 'react-i18next';
import enErrors from '@shared/i18n/en/errors.json';
import frErrors from '@shared/i18n/fr/errors.json';
import enFindings from '@shared/i18n/en/diagnostics.json';
import frFindings from '@shared/i18n/fr/diagnostics.json';

/**
 * One namespace per capability: src-renderer/i18n/<lang>/<namespace>.json (found automatically),
 * plus `errors` and `findings` (the diagnostics' titles and fixes) shared with the main process and the CLI.
 */
// Namespaces of pages that load on demand are left out (`!…`): their texts come with the page
// (`addLazyTexts`), not with the first screen, whose size is budgeted (scripts/check-bundle.mjs).
const files = import.meta.glob<{ default: ResourceLanguage[string] }>(['./*/*.json', '!./*/software.json'], {
  eager: true,
});

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

const resources: Resource = {
  en: { errors: enErrors, findings: enFindings },
  fr: { errors: frErrors, findings: frFindings },
};
for (const [file, mod] of Object.entries(files)) {
  const m = /^\.\/(\w+)\/([\w-]+)\.json$/.exec(file);
  if (m?.[1] && m[2]) (resources[m[1]] ??= {})[m[2]] = mod.default;
}

const LANG_KEY = 'ocs-desk-lang';
function initialLanguage(): Language {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === 'en' || saved === 'fr') return saved;
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function setLanguage(lang: Language): void {
  localStorage.setItem(LANG_KEY, lang);
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

void i18next.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'en',
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18next.language;

export default i18next;

/** Adds a lazily loaded page's namespace (both languages) when its module loads. */
export function addLazyTexts(ns: string, texts: Record<Language, ResourceLanguage[string]>): void {
  for (const lang of LANGUAGES) i18next.addResourceBundle(lang, ns, texts[lang], true, false);
}
