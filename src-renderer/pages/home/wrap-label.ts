/**
 * Splits a chart label into at most `maxLines` lines no wider than `maxWidth` (as `measure` says):
 * at spaces first, inside a long word after `_ - . /` or anywhere when it has none; what does not fit
 * ends the last line with an ellipsis. Pure, so the dashboard's axis and its tests share it.
 */
export function wrapLabel(
  text: string,
  maxWidth: number,
  measure: (s: string) => number,
  maxLines = 2,
): { lines: string[]; truncated: boolean } {
  const fits = (s: string) => measure(s) <= maxWidth;
  // Pieces that may end a line: words, and long words cut after their own separators or by width.
  const pieces: string[] = [];
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    if (fits(word)) pieces.push(word);
    else pieces.push(...splitWord(word, fits));
  }
  const lines: string[] = [];
  let i = 0;
  while (i < pieces.length && lines.length < maxLines) {
    let line = pieces[i++]!.replace(GLUE, '');
    while (i < pieces.length) {
      const joined = joinPieces(line, pieces[i]!);
      if (!fits(joined)) break;
      line = joined;
      i++;
    }
    lines.push(line);
  }
  const truncated = i < pieces.length;
  if (truncated) {
    let last = lines[lines.length - 1]!;
    while (last.length > 1 && !fits(`${last}…`)) last = last.slice(0, -1);
    lines[lines.length - 1] = `${last.trimEnd()}…`;
  }
  return { lines, truncated };
}

/** Marks a piece cut out of a longer word, so joining does not insert a space there. */
const GLUE = '\u0000';

function joinPieces(line: string, next: string): string {
  return next.startsWith(GLUE) ? line + next.slice(1) : `${line} ${next}`;
}

/** A word wider than the line: cut after `_ - . /` where possible, else at the widest prefix that fits. */
function splitWord(word: string, fits: (s: string) => boolean): string[] {
  const out: string[] = [];
  let rest = word;
  while (rest && !fits(rest)) {
    let cut = 0;
    for (let n = 1; n <= rest.length && fits(rest.slice(0, n)); n++) {
      if (/[_\-./]/.test(rest[n - 1]!)) cut = n;
      if (n === rest.length) cut = n;
    }
    if (!cut) {
      cut = 1;
      while (cut < rest.length && fits(rest.slice(0, cut + 1))) cut++;
    }
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) out.push(rest);
  // Every piece after the first continues the same word.
  return out.map((p, n) => (n === 0 ? p : GLUE + p));
}
