import type { z } from 'zod';
import { contractMessage } from '@shared/i18n/contract-message';
import type { Lang } from '@shared/i18n/field-label';

/**
 * Form errors from a zod result, one message per field (the first), keyed by the form's own paths. `rename`
 * maps an issue path (list indexes written `#`, e.g. "dnsNames.#") to the form field that holds the value;
 * an index found in the path is passed on so a list held in one text box can say which entry is wrong.
 * Messages are the contract's, in the operator's language (`lang`).
 */
export function zodErrors(
  result: { success: true } | { success: false; error: z.ZodError },
  rename: (path: string, index: number | null) => string = (p) => p,
  lang: Lang = 'en',
): Record<string, string> {
  const out: Record<string, string> = {};
  if (result.success) return out;
  for (const issue of result.error.issues) {
    const parts = issue.path.map(String);
    const at = parts.find((p) => /^\d+$/.test(p));
    const key = rename(
      parts.map((p) => (/^\d+$/.test(p) ? '#' : p)).join('.'),
      at === undefined ? null : Number(at),
    );
    if (key) out[key] ??= contractMessage(issue.message, lang, issue);
  }
  return out;
}
