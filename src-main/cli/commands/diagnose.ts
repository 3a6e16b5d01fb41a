import type { Command } from 'commander';
import type { DiagnosticsReport, Finding } from '../../../shared/contract/diagnostics';
import { formatFindingEn } from '../../../shared/i18n/format-finding';
import { withDbOptions, type DbFlags } from '../db-options';
import { fromFlags, runCommand } from '../runtime';

const MARK: Record<Finding['level'], string> = { ok: 'ok  ', info: 'info', warning: 'warn', error: 'FAIL' };

/** Exit code of a run: 0 nothing red (warnings and information allowed), 8 at least one error. */
export const DIAGNOSE_RED_EXIT = 8;

export function printReport(r: DiagnosticsReport): string {
  const lines: string[] = [];
  for (const f of r.findings) {
    lines.push(`[${MARK[f.level]}] ${formatFindingEn(f.title)}`);
    for (const e of f.evidence) lines.push(`       ${e}`);
    if (f.fix) lines.push(`       fix: ${formatFindingEn(f.fix)}`);
  }
  lines.push(`worst: ${r.worst} (${r.findings.length} checks, ${r.durationMs} ms)`);
  return lines.join('\n') + '\n';
}

export function registerDiagnoseCommand(program: Command): void {
  withDbOptions(
    program
      .command('diagnose')
      .description(
        `run the Diagnostics checks (exit code ${DIAGNOSE_RED_EXIT} when one is red; the comm server and certificate addresses default to OCS_DESK_COMM_URL, OCS_DESK_COMM_HTTPS_URL, OCS_DESK_CERT_URL, OCS_DESK_CA_FILE)`,
      )
      .option('--comm-url <url>', 'comm server address over HTTP, e.g. http://ocs.example.com/ocsinventory')
      .option('--comm-https-url <url>', 'comm server address over HTTPS')
      .option('--cert-url <url>', 'HTTPS server whose certificate the agents must trust')
      .option('--ca-file <file>', 'the cacert.pem the agents use')
      .option('--json', 'print the findings as JSON (titles and fixes with their English text)'),
  ).action(
    async (
      flags: DbFlags & {
        commUrl?: string;
        commHttpsUrl?: string;
        certUrl?: string;
        caFile?: string;
        json?: boolean;
      },
    ) => {
      await runCommand(async (rt) => {
        await rt.connect(flags);
        const r = await rt.call(
          'diagnostics.run',
          fromFlags({
            commServerUrl: flags.commUrl,
            commServerHttpsUrl: flags.commHttpsUrl,
            certUrl: flags.certUrl,
            caFile: flags.caFile,
          }),
        );
        if (flags.json) {
          const out = {
            ...r,
            findings: r.findings.map((f) => ({
              ...f,
              text: formatFindingEn(f.title),
              fixText: f.fix ? formatFindingEn(f.fix) : null,
            })),
          };
          process.stdout.write(JSON.stringify(out, null, 2) + '\n');
        } else process.stdout.write(printReport(r));
        return r.worst === 'error' ? DIAGNOSE_RED_EXIT : 0;
      });
    },
  );
}
