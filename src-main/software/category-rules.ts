/**
 * How the comm server decides the category of one software (docs/software-categories.md, "How a rule
 * matches"), as OCSInventory-Server 2.11.1 does it (the release of ocsreports 2.11.1). Rules are
 * compiled once; `categoryOf` then runs per (name, publisher, version) and agent. Written from the
 * documented behaviour; the integration test compares it with a separate oracle read from the Perl.
 */

export interface RuleRow {
  /** software_categories.ID */
  categoryId: number;
  os: string | null;
  pattern: string | null;
  sign: string | null;
  version: string | null;
  publisher: string | null;
}

export interface CompiledRule {
  categoryId: number;
  os: string | null;
  /** null: the translated pattern is not a valid regular expression (the rule matches nothing). */
  name: RegExp | null;
  sign: 'EQUAL' | 'LESS' | 'MORE' | 'OTHER' | null;
  /** The rule's version with its dots removed, as a number the way Perl reads a string. */
  version: number;
  publisher: string | null;
}

/** The characters 2.11.1 strips from both the pattern and the name before matching. */
const STRIPPED = /[()[\]{}|+]/g;

/**
 * The console's wildcard pattern as the comm server turns it into a regular expression: no wildcard →
 * whole name; `*x*` → contains; `*x` → ends with; `x*` → starts with (every `*` dropped in those
 * three cases, a `*` elsewhere stays a regex quantifier); then every `?` → any one character.
 */
export function serverRegexSource(pattern: string): string {
  let r = pattern.replace(STRIPPED, '');
  if (!r.includes('?') && !r.includes('*')) r = `^${r}$`;
  const first = () => r.slice(0, 1);
  const last = () => r.slice(-1);
  if (last() === '*' && first() === '*') r = r.replace(/\*/g, '');
  if (first() === '*' && last() !== '*') r = r.replace(/\*/g, '') + '$';
  if (last() === '*' && first() !== '*') r = '^' + r.replace(/\*/g, '');
  return r.replace(/\?/g, '.');
}

/** A string as Perl's numeric context reads it: leading number or 0; inf/nan words as such. */
export function perlNumber(s: string | null | undefined): number {
  const t = (s ?? '').replace(/^\s+/, '');
  const m = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(t);
  if (m) return Number(m[0]);
  if (/^[+-]?inf(inity)?/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan/i.test(t)) return NaN;
  return 0;
}

const empty = (v: string | null | undefined): boolean => v === null || v === undefined || v === '';

export function compileRule(r: RuleRow): CompiledRule {
  let name: RegExp | null = null;
  try {
    name = new RegExp(serverRegexSource(r.pattern ?? ''));
  } catch {
    name = null;
  }
  const sign = empty(r.sign)
    ? null
    : r.sign === 'EQUAL' || r.sign === 'LESS' || r.sign === 'MORE'
      ? r.sign
      : 'OTHER';
  return {
    categoryId: r.categoryId,
    os: r.os,
    name,
    sign,
    version: perlNumber((r.version ?? '').replace(/\./g, '')),
    publisher: empty(r.publisher) ? null : r.publisher,
  };
}

/** Whether the category's OS applies to the agent (ALL, else a regex searched in its User-Agent). */
export function osApplies(os: string | null, userAgent: string): boolean {
  if (os === null || os === '') return false;
  if (os === 'ALL') return true;
  try {
    return new RegExp(os).test(userAgent);
  } catch {
    return false;
  }
}

export interface Software {
  name: string | null;
  /** '' when the agent sent none (PUBLISHER_ID / VERSION_ID 1, "Unavailable"). */
  publisher: string;
  version: string;
}

function ruleMatches(r: CompiledRule, s: Software, softName: string): boolean {
  if (!r.name || !r.name.test(softName)) return false;
  if (r.sign === 'OTHER') return false;
  if (r.sign) {
    const v = perlNumber(s.version.replace(/\./g, ''));
    const ok = r.sign === 'EQUAL' ? v === r.version : r.sign === 'LESS' ? v <= r.version : v >= r.version;
    return ok && (r.publisher === null || r.publisher === s.publisher);
  }
  return r.publisher === null || r.publisher === s.publisher;
}

/**
 * The category the comm server gives `s` sent by an agent whose User-Agent is `userAgent`: the last
 * matching rule in `rules` order (the order of its own SELECT), else `defaultCategory`. null = none.
 */
export function categoryOf(
  rules: readonly CompiledRule[],
  s: Software,
  userAgent: string,
  defaultCategory: number | null,
): number | null {
  if (s.name === null) return defaultCategory;
  const softName = s.name.replace(STRIPPED, '');
  let found: number | null = null;
  for (const r of rules) if (osApplies(r.os, userAgent) && ruleMatches(r, s, softName)) found = r.categoryId;
  return found ?? defaultCategory;
}

/** The OS values whose match differs between agents: a key per User-Agent that decides the outcome. */
export function osSignature(rules: readonly CompiledRule[], userAgent: string): string {
  const oses = [...new Set(rules.map((r) => r.os ?? '\u0000'))].sort();
  return oses.map((o) => (osApplies(o === '\u0000' ? null : o, userAgent) ? '1' : '0')).join('');
}
