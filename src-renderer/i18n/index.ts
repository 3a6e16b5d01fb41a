import i18next, { type Resource, type ResourceLanguage } from 'i18next';
import { initReactI18next } from 'react-i18next';
import enErrors from '@shared/i18n/en/errors.json';
import enFindings from '@shared/i18n/en/diagnostics.json';

/**
 * One namespace per capability: src-renderer/i18n/<lang>/<namespace>.json (found automatically),
 * plus `errors` and `findings` (the diagnostics' titles and fixes) shared with the main process and the CLI.
 * English (the fallback) is in the first screen; French comes in its own chunk (./french.ts) when chosen.
 */
// Namespaces of pages that load on demand are left out (`!…`): their texts come with the page
// (`addLazyTexts`), not with the first screen, whose size is budgeted (scripts/check-bundle.mjs).
const files = import.meta.glob<{ default: ResourceLanguage[string] }>(
  ['./en/*.json', '!./en/software.json'],
  {
    eager: true,
  },
);

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

const resources: Resource = { en: { errors: enErrors, findings: enFindings } };
for (const [file, mod] of Object.entries(files)) {
  const m = /^\.\/en\/([\w-]+)\.json$/.exec(file);
  if (m?.[1]) resources.en![m[1]] = mod.default;
}

let frenchLoad: Promise<void> | null = null;
/** The French chunk, fetched once; its namespaces join those lazy pages may already have added. */
function loadTexts(lang: Language): Promise<void> {
  if (lang !== 'fr') return Promise.resolve();
  frenchLoad ??= import('./french').then(({ french }) => {
    for (const [ns, texts] of Object.entries(french)) i18next.addResourceBundle('fr', ns, texts, true, false);
  });
  return frenchLoad;
}

const LANG_KEY = 'ocs-desk-lang';
function initialLanguage(): Language {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === 'en' || saved === 'fr') return saved;
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Switches language once its texts are here (no English flash of a half-translated screen). */
export function setLanguage(lang: Language): void {
  localStorage.setItem(LANG_KEY, lang);
  void loadTexts(lang).then(async () => {
    await i18next.changeLanguage(lang);
    document.documentElement.lang = lang;
  });
}

const firstLanguage = initialLanguage();
void i18next.use(initReactI18next).init({
  resources,
  lng: firstLanguage,
  fallbackLng: 'en',
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18next.language;

/** Resolves when the first language's texts are loaded: main.tsx renders after it. */
export const textsReady: Promise<void> = loadTexts(firstLanguage).catch(() => {
  // The French chunk failed to load (e.g. an app update replaced it): English texts, never a blank window.
});

export default i18next;

/** Adds a lazily loaded page's namespace (both languages) when its module loads. */
export function addLazyTexts(ns: string, texts: Record<Language, ResourceLanguage[string]>): void {
  for (const lang of LANGUAGES) i18next.addResourceBundle(lang, ns, texts[lang], true, false);
}
