// Child process of the package bench: OCS Desk's build file path (temp folder, one streaming pass
// computing MD5 and writing fragments, info file, rename), then prints its timing and peak RSS.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir, publishDir, writeFileAtomic } from '../../src-main/platform/files/atomic';
import { planFragments } from '../../src-main/packages/build/fragments';
import { renderInfoFile } from '../../src-main/packages/build/info-file';
import { splitArchive } from '../../src-main/packages/build/split';

async function main(): Promise<void> {
  const [archive, outParent, fragBytes, fsyncArg] = process.argv.slice(2) as [string, string, string, string];
  const t0 = process.hrtime.bigint();
  const size = (await stat(archive)).size;
  const fileId = String(Math.floor(Date.now() / 1000));
  const plan = planFragments(size, { mode: 'size', bytes: Number(fragBytes) });
  const tmp = await makeTempDir(outParent, fileId);
  const digest = await splitArchive(archive, tmp, fileId, plan, { fsync: fsyncArg === '1' });
  await writeFileAtomic(
    path.join(tmp, 'info'),
    renderInfoFile({
      id: fileId,
      priority: 5,
      action: 'EXECUTE',
      digest,
      proto: 'HTTP',
      frags: plan.count,
      actionParam: 'true',
      notify: { enabled: false, text: '', countdown: null, canAbort: false, canDelay: false },
      needDoneAction: { enabled: false, text: '' },
    }),
  );
  const final = path.join(outParent, fileId);
  await publishDir(tmp, final);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(
    JSON.stringify({
      seconds,
      digest,
      fragments: plan.count,
      maxRssKb: process.resourceUsage().maxRSS,
      dir: final,
    }) + '\n',
  );
  void mkdtemp;
  void rm;
}

void main().catch((e: unknown) => {
  process.stderr.write(String(e) + '\n');
  process.exit(1);
});
