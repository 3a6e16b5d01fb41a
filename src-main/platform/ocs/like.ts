/** `*` any run, `?` one character; LIKE metacharacters typed by the user are literal. No wildcard: contains. */
export function likePattern(v: string, containsWhenPlain = true): string {
  const esc = v.replace(/[\\%_]/g, (m) => '\\' + m);
  const hasWild = /[*?]/.test(v);
  const p = esc.replace(/\*/g, '%').replace(/\?/g, '_');
  return hasWild || !containsWhenPlain ? p : `%${p}%`;
}

/** A literal prefix: every character typed is itself (`%`, `_`, `\`, `*`, `?` included), then any run. */
export function literalPrefixPattern(v: string): string {
  return v.replace(/[\\%_]/g, (m) => '\\' + m) + '%';
}
