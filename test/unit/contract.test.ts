import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Access, ERROR_CODES, flattenContract } from '../../shared/contract';

const I18N = path.resolve(import.meta.dirname, '../../shared/i18n');
const RENDERER_I18N = path.resolve(import.meta.dirname, '../../src-renderer/i18n');

function keys(obj: unknown, prefix = ''): string[] {
  if (obj === null || typeof obj !== 'object') return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('the API contract', () => {
  const routes = [...flattenContract()];

  it('names every route capability.verb', () => {
    for (const [name] of routes) expect(name).toMatch(/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/);
  });

  it('gives every route a right and schemas', () => {
    for (const [name, def] of routes) {
      expect(Access.options, name).toContain(def.right);
      expect(def.input, name).toBeInstanceOf(z.ZodType);
      expect(def.kind === 'job' ? def.result : def.output, name).toBeInstanceOf(z.ZodType);
    }
  });
});

describe('error texts', () => {
  for (const lang of ['en', 'fr']) {
    it(`has a message and a hint for every error code in ${lang}`, () => {
      const texts = JSON.parse(readFileSync(path.join(I18N, lang, 'errors.json'), 'utf8')) as Record<
        string,
        { message?: string; hint?: string }
      >;
      for (const code of ERROR_CODES) {
        expect(texts[code]?.message, `${lang} ${code}.message`).toBeTruthy();
        expect(texts[code]?.hint, `${lang} ${code}.hint`).toBeTruthy();
      }
    });
  }
});

describe('renderer translations', () => {
  // The eager namespaces (<lang>/x.json), and those loaded with a lazy component (lazy/<lang>/x.json).
  const en = [
    ...readdirSync(path.join(RENDERER_I18N, 'en')).map((f) => `en/${f}`),
    ...readdirSync(path.join(RENDERER_I18N, 'lazy/en')).map((f) => `lazy/en/${f}`),
  ].filter((f) => f.endsWith('.json'));
  it.each(en)('the French of %s has every key', (file) => {
    const enKeys = keys(JSON.parse(readFileSync(path.join(RENDERER_I18N, file), 'utf8')));
    const frFile = file.replace(/(^|\/)en\//, '$1fr/');
    const fr = JSON.parse(readFileSync(path.join(RENDERER_I18N, frFile), 'utf8')) as unknown;
    const frKeys = new Set(keys(fr));
    const missing = enKeys.filter((k) => !frKeys.has(k) && !frKeys.has(k.replace(/_one$/, '_other')));
    expect(missing).toEqual([]);
  });
});
