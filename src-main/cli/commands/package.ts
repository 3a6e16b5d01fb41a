import type { Command } from 'commander';
import { AppError } from '../../platform/errors';
import { withDbOptions, type DbFlags } from '../db-options';
import { runCommand, type CliRuntime, fromFlags } from '../runtime';

const MB = 1024 * 1024;

function int(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n))
    throw new AppError('VALIDATION_FAILED', { field: 'number', detail: `${v} is not an integer` });
  return n;
}

function ids(list: string[]): number[] {
  return list
    .flatMap((s) => s.split(','))
    .filter(Boolean)
    .map(int);
}

async function enableIdFor(rt: CliRuntime, o: { enableId?: string; fileId?: string }): Promise<number> {
  if (o.enableId) return int(o.enableId);
  if (!o.fileId)
    throw new AppError('VALIDATION_FAILED', { field: 'enable-id', detail: 'give --enable-id or --file-id' });
  const acts = await rt.call('packages.activations', { fileId: o.fileId });
  if (acts.length !== 1) {
    throw new AppError('VALIDATION_FAILED', {
      field: 'enable-id',
      detail: `package ${o.fileId} has ${acts.length} activations: give --enable-id`,
    });
  }
  return acts[0]!.enableId;
}

const out = (json: boolean | undefined, obj: unknown, text: string) =>
  process.stdout.write(json ? JSON.stringify(obj, null, 2) + '\n' : text + '\n');

export function registerPackageCommands(program: Command): void {
  const pkg = program
    .command('package')
    .description('deployment packages: build, activate, assign, statistics')
    .addHelpText(
      'after',
      '\nExample: ocs-desk package build --name Hello --os LINUX --action EXECUTE --param "sh run.sh" --folder ./hello',
    );

  withDbOptions(
    pkg
      .command('build')
      .description('build a package into <download dir>/<FILEID>/ (info + fragments) and register it')
      .requiredOption('--name <name>', 'package name')
      .option('--description <text>', 'description (download_available.COMMENT)', '')
      .requiredOption('--os <os>', 'target: WINDOWS, LINUX or MAC')
      .requiredOption(
        '--action <act>',
        'LAUNCH (program in the archive), EXECUTE (command) or STORE (copy to a path)',
      )
      .requiredOption(
        '--param <text>',
        'LAUNCH: program [args]; EXECUTE: command line; STORE: destination path',
      )
      .option('--file <archive>', 'a zip or tar.gz used as is (any other file is packed)')
      .option('--folder <dir>', 'a folder OCS Desk packs (zip for Windows, tar.gz for Linux/macOS)')
      .option('--proto <p>', 'fragment protocol HTTP or HTTPS', 'HTTP')
      .option('--priority <n>', 'priority 0 (first) to 10', '5')
      .option('--frag-size <MB>', 'fragment size in MiB (default 100)')
      .option('--frag-count <n>', 'number of fragments instead of a size')
      .option('--notify <text>', 'show this message to the user before installing (Windows agents)')
      .option('--countdown <s>', 'notification countdown in seconds')
      .option('--can-cancel', 'the user may cancel')
      .option('--can-delay', 'the user may delay')
      .option('--done-action <text>', 'ask the user for an action after install, with this text')
      .option(
        '--download-dir <dir>',
        'folder holding the <FILEID> folders (env OCS_DESK_DOWNLOAD_DIR, else config DOWNLOAD_PACK_DIR/download)',
      )
      .option('--progress', 'print progress on stderr')
      .option('--json', 'print the result as JSON'),
  ).action(async (f: DbFlags & Record<string, string | boolean | undefined>) => {
    await runCommand(async (rt) => {
      await rt.connect(f);
      const source = f.file
        ? { kind: 'file', path: f.file }
        : f.folder
          ? { kind: 'folder', path: f.folder }
          : { kind: 'none' };
      const fragments = f.fragCount
        ? { mode: 'count', count: int(String(f.fragCount)) }
        : { mode: 'size', bytes: Math.round(Number(f.fragSize ?? 100) * MB) };
      const r = await rt.runJob(
        'packages.build',
        fromFlags({
          name: f.name,
          description: f.description,
          os: String(f.os).toUpperCase(),
          proto: String(f.proto).toUpperCase(),
          priority: int(String(f.priority)),
          action: String(f.action).toUpperCase(),
          actionParam: f.param,
          source,
          fragments,
          notify: {
            enabled: f.notify !== undefined,
            text: String(f.notify ?? ''),
            countdown: f.countdown !== undefined ? int(String(f.countdown)) : null,
            canAbort: !!f.canCancel,
            canDelay: !!f.canDelay,
          },
          needDoneAction: { enabled: f.doneAction !== undefined, text: String(f.doneAction ?? '') },
          ...(f.downloadDir ? { downloadDir: String(f.downloadDir) } : {}),
        }),
        f.progress ? 'bar' : 'none',
      );
      out(
        !!f.json,
        r,
        `package ${r.fileId}: ${r.fragments} fragment(s), ${r.size} bytes (${r.format}), MD5 ${r.digest || '-'}\nfolder: ${r.dir}`,
      );
    });
  });

  withDbOptions(
    pkg
      .command('activate')
      .description('check the package is served (info over HTTPS, every fragment, digest) and activate it')
      .requiredOption('--file-id <id>', 'package id')
      .requiredOption(
        '--info-loc <host/path>',
        'where the info file is served over HTTPS, e.g. ocs.example.org/download',
      )
      .requiredOption('--pack-loc <host/path>', 'where fragments are served, e.g. ocs.example.org/download')
      .option('--ca <file>', 'CA file (PEM) that signed the deployment server certificate')
      .option('--timeout <s>', 'network timeout in seconds', '20')
      .option('--no-check', 'activate without downloading (not recommended)')
      .option('--progress', 'print progress on stderr')
      .option('--json', 'print the result as JSON'),
  ).action(async (f: DbFlags & Record<string, string | boolean | undefined>) => {
    await runCommand(async (rt) => {
      await rt.connect(f);
      const r = await rt.runJob(
        'packages.activate',
        fromFlags({
          fileId: f.fileId,
          infoLoc: f.infoLoc,
          packLoc: f.packLoc,
          ...(f.ca ? { caFile: f.ca } : {}),
          skipCheck: f.check === false,
          timeoutMs: Math.round(Number(f.timeout) * 1000),
        }),
        f.progress ? 'bar' : 'none',
      );
      out(
        !!f.json,
        r,
        `activation ${r.enableId}${r.alreadyActive ? ' (already active)' : ''}; checked ${r.checked.fragments} fragment(s), ${r.checked.bytes} bytes`,
      );
    });
  });

  withDbOptions(
    pkg
      .command('assign')
      .description('assign an activated package to computers (hardware ids), or remove the assignment')
      .option('--enable-id <id>', 'activation id (download_enable.ID)')
      .option('--file-id <id>', 'package id (when it has exactly one activation)')
      .requiredOption('--computer <ids...>', 'hardware ids (space or comma separated)')
      .option('--force', 'install even if the agent already has it in its history')
      .option('--reset', 're-assign computers that already have a status')
      .option('--unassign', 'remove the assignment instead')
      .option('--json', 'print the result as JSON'),
  ).action(
    async (
      f: DbFlags & {
        enableId?: string;
        fileId?: string;
        computer: string[];
        force?: boolean;
        reset?: boolean;
        unassign?: boolean;
        json?: boolean;
      },
    ) => {
      await runCommand(async (rt) => {
        await rt.connect(f);
        const enableId = await enableIdFor(rt, f);
        const hardwareIds = ids(f.computer);
        if (f.unassign) {
          const r = await rt.call('packages.unassign', { enableId, hardwareIds });
          out(f.json, r, `unassigned from ${r.removed} computer(s)`);
          return;
        }
        const r = await rt.call('packages.assign', {
          enableId,
          hardwareIds,
          force: !!f.force,
          reset: !!f.reset,
        });
        out(
          f.json,
          r,
          `assigned to ${r.assigned} computer(s), ${r.alreadyAssigned} already assigned${r.missing.length ? `, unknown ids: ${r.missing.join(',')}` : ''}`,
        );
        return r.missing.length ? 1 : 0;
      });
    },
  );

  withDbOptions(
    pkg
      .command('stats')
      .description('deployment statuses of a package; --list STATUS lists computers; --validate cleans up')
      .requiredOption('--file-id <id>', 'package id')
      .option('--list <status>', 'list the computers with this status ("waiting" for not notified yet)')
      .option('--validate <what>', 'success | not-notified | all (the console clean-up buttons)')
      .option('--json', 'print the result as JSON'),
  ).action(async (f: DbFlags & { fileId: string; list?: string; validate?: string; json?: boolean }) => {
    await runCommand(async (rt) => {
      await rt.connect(f);
      if (f.validate) {
        const action = { success: 'success', 'not-notified': 'notNotified', all: 'all' }[f.validate];
        if (!action)
          throw new AppError('VALIDATION_FAILED', {
            field: 'validate',
            detail: 'success, not-notified or all',
          });
        const r = await rt.call('packages.validate', fromFlags({ fileId: f.fileId, action }));
        out(f.json, r, `${r.removed} assignment(s) removed`);
        return;
      }
      if (f.list !== undefined) {
        const r = await rt.call('packages.statusComputers', {
          fileId: f.fileId,
          status: f.list === 'waiting' ? null : f.list,
          limit: 1000,
        });
        out(
          f.json,
          r,
          r.rows
            .map((c) => `${c.hardwareId}\t${c.name ?? ''}\t${c.status ?? 'waiting'}\t${c.comments ?? ''}`)
            .join('\n') || '(none)',
        );
        return;
      }
      const s = await rt.call('packages.stats', { fileId: f.fileId });
      const lines = [`package ${s.fileId} ${s.name ?? ''}: ${s.total} computer(s)`];
      for (const x of s.statuses)
        lines.push(
          `  ${(x.status ?? 'WAITING NOTIFICATION').padEnd(28)} ${String(x.count).padStart(7)}  (${x.category})`,
        );
      out(f.json, s, lines.join('\n'));
    });
  });

  withDbOptions(
    pkg
      .command('list')
      .description('list packages with activation and status counts')
      .option('--deleted', 'include deleted packages')
      .option('--json', 'print the result as JSON'),
  ).action(async (f: DbFlags & { deleted?: boolean; json?: boolean }) => {
    await runCommand(async (rt) => {
      await rt.connect(f);
      const rows = await rt.call('packages.list', {
        includeDeleted: !!f.deleted,
      });
      out(
        f.json,
        rows,
        rows
          .map(
            (r) =>
              `${r.fileId}\t${r.name}\t${r.os}\tfrags ${r.fragments}\tactivations ${r.activations}\tsuccess ${r.success}\terrors ${r.errors}`,
          )
          .join('\n') || '(none)',
      );
    });
  });

  withDbOptions(
    pkg
      .command('delete')
      .description(
        'delete a package (files, activations, assignments); refused while assigned unless --confirm',
      )
      .requiredOption('--file-id <id>', 'package id')
      .option('--confirm', 'also when computers are assigned')
      .option('--purge', 'also remove download_available and download_history rows')
      .option('--download-dir <dir>', 'folder holding the <FILEID> folders')
      .option('--json', 'print the result as JSON'),
  ).action(
    async (
      f: DbFlags & {
        fileId: string;
        confirm?: boolean;
        purge?: boolean;
        downloadDir?: string;
        json?: boolean;
      },
    ) => {
      await runCommand(async (rt) => {
        await rt.connect(f);
        const r = await rt.call('packages.delete', {
          fileId: f.fileId,
          confirm: !!f.confirm,
          purge: !!f.purge,
          ...(f.downloadDir ? { downloadDir: f.downloadDir } : {}),
        });
        out(
          f.json,
          r,
          `deleted; ${r.unassigned} assignment(s) removed; files ${r.filesRemoved ? 'removed' : 'not found'}`,
        );
      });
    },
  );
}
