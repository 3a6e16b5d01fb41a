import type { ErrorCode, ErrorParams } from '../contract/errors';
import en from './en/errors.json';
import { readableParams } from './field-label';

/** Fills `{{name}}` placeholders; unknown names become empty. */
export function interpolate(text: string, params: ErrorParams): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => {
    const v = params[k];
    return v === undefined || v === null ? '' : String(v);
  });
}

/**
 * English message + hint for an error code (CLI and logs; the UI uses i18next with the same files).
 * A `context` param picks `message_<context>` and `hint_<context>` when there are, as i18next does.
 */
export function formatErrorEn(code: ErrorCode, raw: ErrorParams): { message: string; hint: string } {
  const params = readableParams(code, raw, 'en');
  const all = en as Record<string, Record<string, string>>;
  const t = all[code] ?? all.INTERNAL!;
  const ctx = typeof params.context === 'string' ? params.context : undefined;
  const message = (ctx && t[`message_${ctx}`]) || t.message!;
  const hint = (ctx && t[`hint_${ctx}`]) || t.hint!;
  return { message: interpolate(message, params), hint: interpolate(hint, params) };
}
