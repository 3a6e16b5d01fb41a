import { closeSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import AdmZip from 'adm-zip';

/**
 * Finds known secrets written anywhere under some folders: what planted-secrets.test.ts checks for its
 * own paths and the post-suite sweep (test/secrets/sweep.ts) checks over everything the suite left.
 */

type FormName = 'plain' | 'url' | 'json' | 'base64' | 'hex';

/** The forms a secret could be written in: plain, URL-encoded, JSON-escaped, base64, hex. */
const FORMS: Array<[FormName, (secret: string) => string]> = [
  ['plain', (s) => s],
  ['url', (s) => encodeURIComponent(s)],
  ['json', (s) => JSON.stringify(s).slice(1, -1)],
  ['base64', (s) => Buffer.from(s, 'utf8').toString('base64')],
  ['hex', (s) => Buffer.from(s, 'utf8').toString('hex')],
];

/** Every form of `secret` (distinct). */
export function secretForms(secret: string): string[] {
  return [...new Set(FORMS.map(([, f]) => f(secret)))];
}

export interface SecretHit {
  /** The file (`archive.zip!entry` for a member of an archive). */
  file: string;
  /** Which secret (its name in the map given to the scanner). */
  secret: string;
  form: FormName;
}

interface Needle {
  /** The form's UTF-8 bytes (what a file written from a JS string holds). */
  bytes: Buffer;
  secret: string;
  form: FormName;
}

function needlesOf(secrets: Record<string, string>): Needle[] {
  const out: Needle[] = [];
  for (const [name, secret] of Object.entries(secrets))
    if (secret)
      for (const [form, f] of FORMS) out.push({ bytes: Buffer.from(f(secret), 'utf8'), secret: name, form });
  return out;
}

/** Hits of `needles` in one buffer (any byte sequence, text or binary). */
function hitsIn(buf: Buffer, file: string, needles: Needle[]): SecretHit[] {
  const found = new Map<string, SecretHit>();
  for (const n of needles)
    if (buf.indexOf(n.bytes) >= 0)
      found.set(`${n.secret}/${n.form}`, { file, secret: n.secret, form: n.form });
  return [...found.values()];
}

/** Big files are read in chunks that overlap by the longest needle, so a secret across a cut is still seen. */
const CHUNK = 32 * 1024 * 1024;

function scanFile(file: string, size: number, needles: Needle[], stats: ScanStats): SecretHit[] {
  const overlap = Math.max(1, ...needles.map((n) => n.bytes.length)) - 1;
  const fd = openSync(file, 'r');
  const hits = new Map<string, SecretHit>();
  let whole: Buffer | null = null;
  try {
    if (size <= CHUNK) {
      whole = Buffer.alloc(size);
      let off = 0;
      while (off < size) {
        const n = readSync(fd, whole, off, size - off, off);
        if (n === 0) break;
        off += n;
      }
      whole = whole.subarray(0, off);
      for (const h of hitsIn(whole, file, needles)) hits.set(`${h.file}\0${h.secret}\0${h.form}`, h);
    } else {
      const buf = Buffer.alloc(CHUNK + overlap);
      for (let pos = 0; pos < size; pos += CHUNK) {
        const n = readSync(fd, buf, 0, buf.length, pos);
        for (const h of hitsIn(buf.subarray(0, n), file, needles))
          hits.set(`${h.file}\0${h.secret}\0${h.form}`, h);
      }
    }
  } finally {
    closeSync(fd);
  }
  stats.files += 1;
  stats.bytes += size;
  // Archives the suite writes compress their members (Playwright traces, zip exports, gzip backups):
  // a secret inside would not show in the raw bytes.
  if (whole) {
    for (const member of unpacked(file, whole))
      for (const h of hitsIn(member.data, member.name, needles))
        hits.set(`${h.file}\0${h.secret}\0${h.form}`, h);
  }
  return [...hits.values()];
}

/** The members of a zip or gzip file (none for anything else, or an archive that does not open). */
function unpacked(file: string, data: Buffer): Array<{ name: string; data: Buffer }> {
  try {
    if (data[0] === 0x50 && data[1] === 0x4b) {
      const zip = new AdmZip(data);
      return zip
        .getEntries()
        .filter((e) => !e.isDirectory)
        .map((e) => ({ name: `${file}!${e.entryName}`, data: e.getData() }));
    }
    if (data[0] === 0x1f && data[1] === 0x8b)
      return [{ name: `${file}!gunzip`, data: gunzipSync(data, { maxOutputLength: 512 * 1024 * 1024 }) }];
  } catch {
    // Not an archive after all (or a truncated one): its raw bytes were searched.
  }
  return [];
}

export interface ScanStats {
  files: number;
  bytes: number;
  /** Files this account may not read (e.g. a private mariadbd's data files owned by mysql). */
  unreadable: string[];
}

/**
 * Every file under `roots` (recursively, symbolic links not followed, missing roots ignored), searched
 * for every form of every secret. `secrets` maps a name (what a hit reports) to the secret itself.
 */
export function scanForSecrets(
  roots: string[],
  secrets: Record<string, string>,
): { hits: SecretHit[]; stats: ScanStats } {
  const needles = needlesOf(secrets);
  const stats: ScanStats = { files: 0, bytes: 0, unreadable: [] };
  const hits: SecretHit[] = [];
  const walk = (p: string) => {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return; // gone (a test still cleaning up) or never written
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(p);
      } catch {
        stats.unreadable.push(p); // a folder another account owns (e.g. a private mariadbd's data directory)
        return;
      }
      for (const name of names) walk(path.join(p, name));
    } else if (st.isFile()) {
      try {
        hits.push(...scanFile(p, st.size, needles, stats));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EACCES' || code === 'EPERM') stats.unreadable.push(p);
        else if (code !== 'ENOENT') throw e;
      }
    }
  };
  for (const root of roots) walk(path.resolve(root));
  return { hits, stats };
}

/** Searches texts that are not files (a log kept in memory, answers): the names of the places that hold a secret. */
export function secretsInTexts(
  places: Array<{ where: string; text: string }>,
  secrets: Record<string, string>,
): string[] {
  const found: string[] = [];
  for (const n of needlesOf(secrets))
    for (const p of places)
      if (Buffer.from(p.text, 'utf8').indexOf(n.bytes) >= 0) found.push(`${n.secret} in ${p.where}`);
  return [...new Set(found)];
}
