import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { TlsOptions } from '../../shared/contract/connection';
import { AppError } from '../platform/errors';

/** A password as stored: ciphertext plus the box that sealed it. */
const Sealed = z.object({ box: z.string(), data: z.string() });
export type Sealed = z.infer<typeof Sealed>;

export const StoredProfile = z.object({
  name: z.string(),
  host: z.string(),
  port: z.number(),
  database: z.string(),
  user: z.string(),
  password: Sealed.nullable(),
  tls: TlsOptions.optional(),
  replica: z
    .object({ host: z.string(), port: z.number(), user: z.string(), password: Sealed.nullable() })
    .nullable()
    .default(null),
  /** Last successful connection through the profile (ISO time); absent in files of older versions. */
  lastUsedAt: z.string().nullable().default(null),
});
export type StoredProfile = z.infer<typeof StoredProfile>;

const ProfilesFile = z.object({ version: z.literal(1), profiles: z.array(StoredProfile) });

/**
 * `<configDir>/profiles.json`: written to a temp file in the same folder (mode 0600), fsynced and
 * renamed over the old one, so a crash leaves either the old or the new file, never half of one.
 */
export class ProfilesStore {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly configDir: string) {}

  get file(): string {
    return path.join(this.configDir, 'profiles.json');
  }

  async read(): Promise<StoredProfile[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new AppError('FILE_ACCESS_DENIED', { path: this.file }, { cause: e });
    }
    try {
      return ProfilesFile.parse(JSON.parse(text)).profiles;
    } catch (e) {
      throw new AppError(
        'FILE_INVALID',
        { path: this.file, reason: 'not a valid OCS Desk profiles file' },
        { cause: e },
      );
    }
  }

  /** Read-modify-write, one at a time within this process. */
  update<T>(
    fn: (profiles: StoredProfile[]) => Promise<{ profiles: StoredProfile[]; result: T }>,
  ): Promise<T> {
    const run = this.chain.then(async () => {
      const { profiles, result } = await fn(await this.read());
      await this.write(profiles);
      return result;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async write(profiles: StoredProfile[]): Promise<void> {
    await mkdir(this.configDir, { recursive: true, mode: 0o700 });
    const tmp = path.join(
      this.configDir,
      `.profiles.json.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
    );
    try {
      const fh = await open(tmp, 'wx', 0o600);
      try {
        await fh.writeFile(JSON.stringify({ version: 1, profiles }, null, 2) + '\n');
        await fh.sync();
      } finally {
        await fh.close();
      }
      await chmod(tmp, 0o600);
      await rename(tmp, this.file);
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => undefined);
      const code = (e as NodeJS.ErrnoException).code;
      throw new AppError(
        code === 'ENOSPC' ? 'DISK_FULL' : 'FILE_ACCESS_DENIED',
        { path: this.file },
        { cause: e },
      );
    }
  }
}
