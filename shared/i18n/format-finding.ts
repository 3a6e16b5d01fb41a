import type { FindingText } from '../contract/diagnostics';
import en from './en/diagnostics.json';
import { interpolate } from './format-error';

type Tree = { [k: string]: string | Tree };

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** English text of a finding's title or fix (CLI and logs; the UI uses i18next with the same files). */
export function formatFindingEn(t: FindingText): string {
  const count = t.params.count;
  const plural =
    typeof count === 'number' ? lookup(en, `${t.key}_${count === 1 ? 'one' : 'other'}`) : undefined;
  const text = plural ?? lookup(en, t.key);
  return text === undefined ? t.key : interpolate(text, t.params);
}
