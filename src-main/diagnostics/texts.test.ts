import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../shared/i18n/en/diagnostics.json';
import fr from '../../shared/i18n/fr/diagnostics.json';
import { formatFindingEn } from '../../shared/i18n/format-finding';

type Tree = { [k: string]: string | Tree };
function keys(t: Tree, prefix = ''): string[] {
  return Object.entries(t).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  );
}

describe('diagnostics texts', () => {
  it('English and French have the same keys', () => {
    expect(keys(fr as Tree).sort()).toEqual(keys(en as Tree).sort());
  });

  it('every key the checks name has an English text', () => {
    const dir = import.meta.dirname;
    const used = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
      const src = readFileSync(path.join(dir, f), 'utf8');
      for (const m of src.matchAll(/(?:text\(|key: )\s*'([A-Za-z]+(?:\.[A-Za-z]+)?)'/g)) used.add(m[1]!);
      for (const m of src.matchAll(/text\(`\$\{id\}\.([A-Za-z]+)`/g))
        for (const id of f === 'checks.ts' ? ['commHttp', 'commHttps'] : ['deployInfo', 'deployFrag'])
          used.add(`${id}.${m[1]}`);
    }
    expect(used.size).toBeGreaterThan(40);
    const all = new Set(keys(en as Tree).map((k) => k.replace(/_(one|other)$/, '')));
    expect([...used].filter((k) => !all.has(k))).toEqual([]);
  });

  it('plurals and placeholders', () => {
    expect(formatFindingEn({ key: 'weak.title', params: { count: 1 } })).toBe(
      '1 operator has a weak password hash',
    );
    expect(formatFindingEn({ key: 'weak.title', params: { count: 3 } })).toBe(
      '3 operators have weak password hashes',
    );
    expect(formatFindingEn({ key: 'clock.skew', params: { seconds: 90 } })).toMatch(/are 90 s apart/);
  });
});
