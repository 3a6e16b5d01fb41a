import type { Knex } from 'knex';

/**
 * Test oracle: what OCSInventory-Server 2.11.1 (commit 2aa01ad, the release of ocsreports 2.11.1)
 * leaves in `software_categories_link` when every computer sends its inventory again, one after the
 * other in the order of their last inventories, followed by ocsreports 2.11.1's cron clean-up.
 * Written from reading the Perl and PHP (no code copied), step by step as they run, deliberately
 * without sharing anything with src-main/software (so the two can disagree):
 *
 * - SRV = Apache/Ocsinventory/Interface/SoftwareCategory.pm @ 2aa01ad
 * - INV = Apache/Ocsinventory/Server/Inventory/Software.pm @ 2aa01ad
 * - GUI = require/softwares/AllSoftware.php @ ocsreports 2.11.1
 */

interface Rule {
  ID: number;
  OS: string | null;
  SOFTWARE_EXP: string | null;
  SIGN_VERSION: string | null;
  VERSION: string | null;
  PUBLISHER: string | null;
}
interface Soft {
  NAME: string | null;
  PUBLISHER: string | null;
  VERSION: string | null;
  NAME_ID: number;
  PUBLISHER_ID: number;
  VERSION_ID: number;
}
export interface OracleLink {
  NAME_ID: number;
  PUBLISHER_ID: number;
  VERSION_ID: number;
  CATEGORY_ID: number;
}

/** SRV lines 120-156 (remove_special_char): ( ) [ ] { } | + are removed, one kind after the other. */
function removeSpecialChar(s: string): string {
  let out = s;
  for (const ch of ['(', ')', '[', ']', '{', '}', '|', '+']) out = out.split(ch).join('');
  return out;
}

/** SRV lines 95-118 (regex): four successive rewrites of the pattern, then ? → . */
function perlRegex(pattern: string): string {
  let regex = pattern;
  if (!/\?/.test(regex) && !/\*/.test(regex)) regex = '^' + regex + '$';
  if (regex.endsWith('*') && regex.startsWith('*')) regex = regex.split('*').join('');
  if (regex.startsWith('*') && !regex.endsWith('*')) regex = regex.split('*').join('') + '$';
  if (regex.endsWith('*') && !regex.startsWith('*')) regex = '^' + regex.split('*').join('');
  if (/\?/.test(regex)) regex = regex.split('?').join('.');
  return regex;
}

/** Perl numeric context of a string (what `==`, `<=`, `>=` in SRV lines 46-50 see). */
function numify(v: string | null): number {
  const s = (v ?? '').trimStart();
  const m = s.match(/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/);
  if (m) return parseFloat(m[0]);
  if (/^[-+]?inf/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?nan/i.test(s)) return NaN;
  return 0;
}

/** SRV lines 77-93 (compare): sign applied to (software version, rule version), plus the publisher if any. */
function compare(
  sign: 'equal' | 'less' | 'bigger',
  ruleV: string,
  publisher: string | null,
  v: string,
  p: string | null,
) {
  const a = numify(v);
  const b = numify(ruleV);
  const ok = sign === 'equal' ? a === b : sign === 'less' ? a <= b : a >= b;
  if (publisher !== null && publisher !== '') return ok && publisher === p ? 2 : undefined;
  return ok ? 2 : undefined;
}

function perlMatch(subject: string, pattern: string): boolean {
  try {
    return new RegExp(pattern).test(subject);
  } catch {
    return false; // Perl would die on the pattern: the inventory fails, nothing is written for it.
  }
}

/** SRV lines 158-238 (set_category) for one software of an inventory sent with `userAgent`. */
function setCategory(rules: Rule[], defaultCat: number | null, soft: Soft, userAgent: string): number | null {
  let softCat: number | null = null;
  for (const cat of rules) {
    const regex = perlRegex(removeSpecialChar(cat.SOFTWARE_EXP ?? ''));
    const { SIGN_VERSION: sign, VERSION: version, PUBLISHER: publisher, OS: os } = cat;
    // line 186: an undefined OS never applies; ALL always; else a regex searched in the User-Agent.
    if (os === null || !(os === 'ALL' || (os !== '' && perlMatch(userAgent, os)))) continue;
    if (soft.NAME === null) continue;
    const softName = removeSpecialChar(soft.NAME);
    if (!perlMatch(softName, regex)) continue;
    if (sign !== null && sign !== '') {
      const minV = (version ?? '').split('.').join('');
      const majV = (soft.VERSION ?? '').split('.').join('');
      const op = sign === 'EQUAL' ? 'equal' : sign === 'LESS' ? 'less' : sign === 'MORE' ? 'bigger' : null;
      if (op && compare(op, minV, publisher, majV, soft.PUBLISHER) !== undefined) softCat = cat.ID;
    }
    // line 220: publisher without a sign (undef and '' are the same to Perl's eq)
    if (publisher !== null && publisher !== '' && (sign === null || sign === '')) {
      if (soft.PUBLISHER !== null && publisher === soft.PUBLISHER) softCat = cat.ID;
    }
    // line 225: neither publisher nor sign
    if ((publisher ?? '') === '' && (sign ?? '') === '') softCat = cat.ID;
  }
  return softCat ?? defaultCat; // line 233
}

/** The oracle: reads the database with its own statements and returns the link rows it ends with. */
export async function oracleLinks(k: Knex): Promise<OracleLink[]> {
  // SRV line 58: the server's own statement, rows in the order MariaDB returns them.
  const [rules] = (await k.raw(
    'SELECT c.ID, c.CATEGORY_NAME, c.OS, s.SOFTWARE_EXP, s.SIGN_VERSION, s.VERSION, s.PUBLISHER FROM software_categories c, software_category_exp s WHERE s.CATEGORY_ID = c.ID',
  )) as [Rule[]];
  const [cfg] = (await k.raw("SELECT IVALUE FROM config WHERE NAME = 'DEFAULT_CATEGORY'")) as [
    Array<{ IVALUE: number | null }>,
  ];
  const defaultCat = cfg.length ? (cfg[cfg.length - 1]!.IVALUE ?? null) : null;
  let table = (
    (await k('software_categories_link').select('*').orderBy('ID')) as Array<OracleLink & { ID: number }>
  ).map((r) => ({ ...r }));
  let nextId = Math.max(0, ...table.map((r) => r.ID)) + 1;
  const [computers] = (await k.raw(
    "SELECT ID, USERAGENT FROM hardware WHERE DEVICEID NOT IN ('_SYSTEMGROUP_', '_DOWNLOADGROUP_') ORDER BY LASTDATE, ID",
  )) as [Array<{ ID: number; USERAGENT: string | null }>];
  for (const c of computers) {
    // The inventory as the agent sent it: an ID 1 publisher/version was an empty value in the XML.
    const [softs] = (await k.raw(
      `SELECT n.NAME, IF(s.PUBLISHER_ID = 1, '', p.PUBLISHER) AS PUBLISHER, IF(s.VERSION_ID = 1, '', v.VERSION) AS VERSION,
              s.NAME_ID, s.PUBLISHER_ID, s.VERSION_ID
         FROM software s LEFT JOIN software_name n ON n.ID = s.NAME_ID
         LEFT JOIN software_publisher p ON p.ID = s.PUBLISHER_ID LEFT JOIN software_version v ON v.ID = s.VERSION_ID
        WHERE s.HARDWARE_ID = ? ORDER BY s.ID`,
      [c.ID],
    )) as [Soft[]];
    for (const s of softs) {
      const category = setCategory(rules, defaultCat, s, c.USERAGENT ?? '');
      // INV lines 299-307: a category other than 0 replaces the triple's rows unless the right one exists.
      if (category === null || category === 0) continue;
      const same = (r: OracleLink) =>
        r.NAME_ID === s.NAME_ID && r.PUBLISHER_ID === s.PUBLISHER_ID && r.VERSION_ID === s.VERSION_ID;
      if (table.some((r) => same(r) && r.CATEGORY_ID === category)) continue;
      table = table.filter((r) => !same(r));
      table.push({
        ID: nextId++,
        NAME_ID: s.NAME_ID,
        PUBLISHER_ID: s.PUBLISHER_ID,
        VERSION_ID: s.VERSION_ID,
        CATEGORY_ID: category,
      });
    }
  }
  // GUI lines 170-191 (software_cleanup): link rows whose triple no software row has any more are deleted.
  const [installed] = (await k.raw('SELECT DISTINCT NAME_ID, PUBLISHER_ID, VERSION_ID FROM software')) as [
    Array<{ NAME_ID: number; PUBLISHER_ID: number; VERSION_ID: number }>,
  ];
  const has = new Set(installed.map((r) => `${r.NAME_ID}:${r.PUBLISHER_ID}:${r.VERSION_ID}`));
  return table
    .filter((r) => has.has(`${r.NAME_ID}:${r.PUBLISHER_ID}:${r.VERSION_ID}`))
    .map(({ NAME_ID, PUBLISHER_ID, VERSION_ID, CATEGORY_ID }) => ({
      NAME_ID,
      PUBLISHER_ID,
      VERSION_ID,
      CATEGORY_ID,
    }));
}
