import type { ResourceLanguage } from 'i18next';
import frErrors from '@shared/i18n/fr/errors.json';
import frFindings from '@shared/i18n/fr/diagnostics.json';

/**
 * Every French text of the first screen, in one chunk that loads only when French is chosen
 * (i18n/index.ts): English, the fallback, is always there; French users wait for this chunk before
 * the first render, English users never download it. Pages loaded on demand bring their own texts.
 */
const files = import.meta.glob<{ default: ResourceLanguage[string] }>(
  ['./fr/*.json', '!./fr/software.json'],
  {
    eager: true,
  },
);

export const french: ResourceLanguage = { errors: frErrors, findings: frFindings };
for (const [file, mod] of Object.entries(files)) {
  const m = /^\.\/fr\/([\w-]+)\.json$/.exec(file);
  if (m?.[1]) french[m[1]] = mod.default;
}
