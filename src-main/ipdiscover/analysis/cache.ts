import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AnalysisResult } from '../../../shared/contract/ipdiscover';
import { writeFileAtomic } from '../../platform/files/atomic';

/**
 * Analysis results are kept on the admin's machine (they describe what this machine saw), in
 * `<config dir>/ipdiscover/<server>.json`, one file per database target, newest result per scope,
 * at most MAX_SCOPES scopes. No table is added to the OCS database.
 */
const MAX_SCOPES = 50;

interface CacheFile {
  version: 1;
  results: AnalysisResult[];
}

export class AnalysisCache {
  /** Serialises writes of one file within this process. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly configDir: string) {}

  fileFor(target: string): string {
    const safe = target.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 120) || 'local';
    return path.join(this.configDir, 'ipdiscover', `${safe}.json`);
  }

  private async read(target: string): Promise<CacheFile> {
    try {
      const raw = JSON.parse(await readFile(this.fileFor(target), 'utf8')) as { results?: unknown[] };
      const results = (raw.results ?? []).flatMap((r) => {
        const p = AnalysisResult.safeParse(r);
        return p.success ? [p.data] : [];
      });
      return { version: 1, results };
    } catch {
      return { version: 1, results: [] };
    }
  }

  async get(target: string, scope: string): Promise<AnalysisResult | null> {
    return (await this.read(target)).results.find((r) => r.scope === scope) ?? null;
  }

  async list(target: string): Promise<AnalysisResult[]> {
    return (await this.read(target)).results;
  }

  put(target: string, result: AnalysisResult): Promise<void> {
    const next = this.chain.then(async () => {
      const file = await this.read(target);
      const results = [result, ...file.results.filter((r) => r.scope !== result.scope)].slice(0, MAX_SCOPES);
      await mkdir(path.dirname(this.fileFor(target)), { recursive: true });
      await writeFileAtomic(this.fileFor(target), JSON.stringify({ version: 1, results }));
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
