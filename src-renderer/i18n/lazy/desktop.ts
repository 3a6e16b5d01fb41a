import i18next from 'i18next';
import en from './en/desktop.json';
import fr from './fr/desktop.json';

/**
 * Texts of the command palette and the About dialog, namespace `desktop`. They load with those lazy
 * components (not with ../index.ts's eager glob), so the first screen does not carry them.
 */
for (const [lang, texts] of [
  ['en', en],
  ['fr', fr],
] as const) {
  if (!i18next.hasResourceBundle(lang, 'desktop')) i18next.addResourceBundle(lang, 'desktop', texts);
}

export const DESKTOP_NS = 'desktop';
