import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractMessage } from '../../shared/i18n/contract-message';

/**
 * The literal messages written in the contract files: `message: '…'`, `error: '…'` and the text argument
 * of .min/.max/.regex/.refine and friends. Read from the source so that a new message cannot be added
 * without its French text.
 */
function contractLiterals(): Array<{ file: string; text: string }> {
  const dir = path.join(__dirname, '../../shared/contract');
  const re =
    /(?:message|error):\s*(['"])((?:(?!\1).)+)\1|\.(?:min|max|length|regex|refine|email|url|int|nonempty|gte|lte|gt|lt)\((?:[^()]|\([^()]*\))*?,\s*(['"])((?:(?!\3).)+)\3\s*\)/gs;
  const out: Array<{ file: string; text: string }> = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(re)) {
      out.push({ file, text: (m[2] ?? m[4])! });
    }
  }
  return out;
}

describe('every contract message has its French text', () => {
  it('finds the literals (the scan itself works)', () => {
    const texts = contractLiterals().map((l) => l.text);
    expect(texts).toContain('a name is required');
    expect(texts.length).toBeGreaterThan(50);
  });

  it('translates each literal message of shared/contract', () => {
    // `table.COLUMN` names a syntax, not a sentence: it reads the same in French.
    const untranslated = contractLiterals()
      .filter((l) => l.text !== 'table.COLUMN' && contractMessage(l.text, 'fr') === l.text)
      .map((l) => `${l.file}: ${l.text}`);
    expect(untranslated).toEqual([]);
  });

  it('translates the server-mode concurrency refusal, whatever the cap', () => {
    expect(
      contractMessage(
        'one file at a time through the comm server (with more, the comm server 2.8.1 loses or rewrites computers); use offline mode to import faster',
        'fr',
      ),
    ).toMatch(/^un fichier à la fois/);
    expect(
      contractMessage(
        'at most 4 files at once through the comm server (with more, the comm server 2.8.1 loses or rewrites computers); use offline mode to import faster',
        'fr',
      ),
    ).toMatch(/^au plus 4 fichiers à la fois/);
  });
});
