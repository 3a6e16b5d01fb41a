import { describe, expect, it } from 'vitest';
import { wrapLabel } from './wrap-label';

/** 1 unit per character: widths are character counts. */
const chars = (s: string) => s.length;

describe('wrapLabel (dashboard axis labels)', () => {
  it('keeps a short label on one line', () => {
    expect(wrapLabel('Ubuntu 22.04', 20, chars)).toEqual({ lines: ['Ubuntu 22.04'], truncated: false });
  });

  it('wraps at spaces onto two lines, nothing lost', () => {
    const r = wrapLabel('Microsoft Windows 11 Professionnel 10.0.22631', 24, chars);
    expect(r).toEqual({ lines: ['Microsoft Windows 11', 'Professionnel 10.0.22631'], truncated: false });
  });

  it('ends the last line with an ellipsis when the label needs more lines', () => {
    const r = wrapLabel('Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.40.33810', 24, chars);
    expect(r.truncated).toBe(true);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]).toBe('Microsoft Visual C++');
    expect(r.lines[1]!.endsWith('…')).toBe(true);
    for (const l of r.lines) expect(l.length).toBeLessThanOrEqual(24);
  });

  it('cuts a long word after its own separators, without adding spaces', () => {
    const r = wrapLabel('OCS-NG_WINDOWS_AGENT_v2.11.0.1', 16, chars);
    expect(r.truncated).toBe(false);
    expect(r.lines.join('')).toBe('OCS-NG_WINDOWS_AGENT_v2.11.0.1');
    for (const l of r.lines) expect(l.length).toBeLessThanOrEqual(16);
    expect(r.lines[0]).toBe('OCS-NG_WINDOWS_');
  });

  it('cuts a word with no separator at the width', () => {
    const r = wrapLabel('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 10, chars, 3);
    expect(r).toEqual({ lines: ['ABCDEFGHIJ', 'KLMNOPQRST', 'UVWXYZ'], truncated: false });
  });
});
