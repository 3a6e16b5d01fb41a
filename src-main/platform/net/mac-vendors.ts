import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { compactOuiList, lookupVendor, parseOuiList } from '../../../shared/net/mac-vendors';
import { writeFileAtomic } from '../files/atomic';

/** The admin's own list (written by a refresh) wins over the one shipped with the app. */
export const OWN_LIST_FILE = 'mac-vendors.tsv';
const SHIPPED = 'mac-vendors.tsv.gz';

export interface MacVendorStatus {
  source: 'shipped' | 'own' | 'none';
  prefixes: number;
  /** First line of the shipped file ("# source: nmap-mac-prefixes ..."), or the refresh date. */
  note: string | null;
}

/**
 * Where the shipped list is: beside the packaged app (extraResources), or in the repository's
 * `resources/` when running from source or from `dist/main` (searched upwards from this module).
 */
function shippedPath(): string | null {
  const rp = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = rp ? [path.join(rp, 'resources', SHIPPED)] : [];
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, 'resources', SHIPPED));
    dir = path.dirname(dir);
  }
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** MAC address → vendor, loaded once per settings folder, replaced atomically by a refresh. */
export class MacVendors {
  private static readonly byDir = new Map<string, MacVendors>();
  static forDir(configDir: string): MacVendors {
    let m = MacVendors.byDir.get(configDir);
    if (!m) MacVendors.byDir.set(configDir, (m = new MacVendors(configDir)));
    return m;
  }

  private table: Map<string, string> | null = null;
  private info: MacVendorStatus = { source: 'none', prefixes: 0, note: null };

  private constructor(private readonly configDir: string) {}

  private load(): Map<string, string> {
    if (this.table) return this.table;
    const own = path.join(this.configDir, OWN_LIST_FILE);
    let text = '';
    let source: MacVendorStatus['source'] = 'none';
    if (existsSync(own)) {
      text = readFileSync(own, 'utf8');
      source = 'own';
    } else {
      const shipped = shippedPath();
      if (shipped) {
        text = gunzipSync(readFileSync(shipped)).toString('utf8');
        source = 'shipped';
      }
    }
    const first = text.slice(0, 200).split('\n')[0] ?? '';
    this.table = new Map(parseOuiList(text));
    this.info = {
      source,
      prefixes: this.table.size,
      note: first.startsWith('#') ? first.slice(1).trim() : null,
    };
    return this.table;
  }

  vendor(mac: string | null | undefined): string | null {
    return mac ? lookupVendor(this.load(), mac) : null;
  }

  /** Vendors of several addresses (keys as given); addresses without a known vendor are left out. */
  vendors(macs: Iterable<string | null | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of macs) {
      const v = m ? this.vendor(m) : null;
      if (m && v) out[m] = v;
    }
    return out;
  }

  status(): MacVendorStatus {
    this.load();
    return { ...this.info };
  }

  /** Replaces the admin's own list with the entries of `text` (any accepted form); refuses an empty list. */
  async refresh(text: string, label: string): Promise<MacVendorStatus> {
    const entries = parseOuiList(text);
    if (!entries.length) return { source: this.status().source, prefixes: 0, note: null };
    await mkdir(this.configDir, { recursive: true });
    const note = `${label.slice(0, 80)} (${new Date().toISOString().slice(0, 10)})`;
    await writeFileAtomic(path.join(this.configDir, OWN_LIST_FILE), `# ${note}\n` + compactOuiList(entries));
    this.table = null;
    return this.status();
  }

  /** Back to the shipped list. */
  async reset(): Promise<MacVendorStatus> {
    await rm(path.join(this.configDir, OWN_LIST_FILE), { force: true });
    this.table = null;
    return this.status();
  }
}
