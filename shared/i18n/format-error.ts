import type { ErrorCode, ErrorParams } from '../contract/errors';
import en from './en/errors.json';

/** Fills `{{name}}` placeholders; unknown names become empty. */
export function interpolate(text: string, params: ErrorParams): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => {
    const v = params[k];
    return v === undefined || v === null ? '' : String(v);
  });
}

/** English message + hint for an error code (CLI and logs; the UI uses i18next with the same files). */
export function formatErrorEn(code: ErrorCode, params: ErrorParams): { message: string; hint: string } {
  const t = (en as Record<string, { message: string; hint: string }>)[code] ?? en.INTERNAL;
  return { message: interpolate(t.message, params), hint: interpolate(t.hint, params) };
}
