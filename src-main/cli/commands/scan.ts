import type { Command } from 'commander';
import type { AnalysisResult, AnalysedHost } from '../../../shared/contract/ipdiscover';
import type { JobInfo } from '../../../shared/contract/jobs';
import { expandTargets } from '../../ipdiscover/analysis/targets';
import { AppError } from '../../platform/errors';
import { connectionFromFlags, withDbOptions, type DbFlags } from '../db-options';
import { reportCliError, runCommand, type CliRuntime } from '../runtime';

interface ScanFlags extends DbFlags {
  json?: boolean;
  yes?: boolean;
  unprivileged?: boolean;
  netbios: boolean;
  db: boolean;
  concurrency: string;
  timeout: string;
}

const LABEL: Record<AnalysedHost['class'], string> = {
  windows: 'Windows',
  unix: 'Linux/Unix',
  network: 'network device',
  phantom: 'phantom',
};

export function describeHost(h: AnalysedHost): string {
  const open = h.ports.filter((p) => p.state === 'open').map((p) => `${p.port}/${p.service ?? '?'}`);
  const parts = [
    h.ip.padEnd(16),
    (h.up ? 'up' : 'down').padEnd(5),
    LABEL[h.class].padEnd(15),
    h.hostname ?? h.netbios?.name ?? '-',
  ];
  const lines = [parts.join(' ')];
  if (h.mac) lines.push(`    mac: ${h.mac}${h.macVendor ? ` (${h.macVendor})` : ''}`);
  if (open.length) lines.push(`    open: ${open.join(', ')}`);
  if (h.netbios) lines.push(`    netbios: ${h.netbios.name ?? '?'} workgroup ${h.netbios.workgroup ?? '?'}`);
  if (h.os) lines.push(`    os guess: ${h.os.name} (${h.os.accuracy}%)`);
  lines.push(`    why: ${h.why.join('; ')}`);
  if (h.known) {
    const inv = h.known.computers.map((c) => `${c.name ?? '?'} #${c.hardwareId} (by ${c.matchedOn})`);
    lines.push(
      `    inventory: ${inv.length ? `inventoried as ${inv.join(', ')}` : 'not inventoried'}` +
        (h.known.identified
          ? `; registered as ${h.known.identified.type ?? '?'} "${h.known.identified.description ?? ''}"`
          : '') +
        (h.known.discovered ? `; seen by an agent on ${h.known.discovered.netId}` : ''),
    );
  }
  return lines.join('\n');
}

async function openDbIfAny(rt: CliRuntime, flags: ScanFlags): Promise<void> {
  if (!flags.db) return;
  const op = rt.session.operator;
  try {
    await rt.call('connection.open', connectionFromFlags(flags));
  } catch (e) {
    process.stderr.write(
      'warning: no database, hosts are not matched with the inventory (use --no-db to skip)\n',
    );
    if (process.env.OCS_DESK_LOG_LEVEL === 'debug') reportCliError(e);
  } finally {
    rt.session.operator = op; // the CLI operator is the local admin holding the DB credentials
  }
}

export function registerScanCommand(program: Command): void {
  withDbOptions(
    program
      .command('scan')
      .description('analyse addresses or CIDR ranges with nmap and nmblookup from this machine')
      .argument('<targets...>', 'IPv4/IPv6 addresses and CIDR ranges (e.g. 192.168.1.0/24 10.0.0.5)')
      .option('--json', 'print the result as JSON')
      .option('--yes', 'confirm a scan of more than 1024 addresses (at most 65536)')
      .option('--unprivileged', 'TCP connect scan even when raw sockets are available')
      .option('--no-netbios', 'do not ask hosts for NetBIOS names (nmblookup)')
      .option('--no-db', 'do not match hosts with the OCS inventory')
      .option('--concurrency <n>', 'hosts analysed at the same time', '8')
      .option('--timeout <seconds>', 'per-host timeout', '60'),
  ).action(async (targets: string[], flags: ScanFlags) => {
    await runCommand(async (rt) => {
      // Refuse bad or too large targets before connecting or starting a job.
      expandTargets(targets, { confirmLarge: !!flags.yes });
      await openDbIfAny(rt, flags);
      const { jobId } = await rt.call('ipdiscover.analyse', {
        targets: targets.join(' '),
        confirmLarge: !!flags.yes,
        privileges: flags.unprivileged ? 'unprivileged' : 'auto',
        netbios: flags.netbios,
        concurrency: Number(flags.concurrency),
        hostTimeoutSec: Number(flags.timeout),
      });
      const tty = process.stderr.isTTY;
      const off = rt.app.bus.subscribe((e) => {
        if (!tty || e.topic !== 'job' || e.payload.jobId !== jobId) return;
        const j = e.payload;
        process.stderr.write(`\r${j.done}/${j.total ?? '?'} ${j.note ?? ''}`.padEnd(60).slice(0, 79));
      });
      let info: JobInfo;
      try {
        info = await rt.app.jobs.wait(jobId);
      } finally {
        off();
        if (tty) process.stderr.write('\r'.padEnd(80) + '\r');
      }
      if (info.state !== 'succeeded') {
        const err = info.error;
        throw new AppError(err?.code ?? 'INTERNAL', err?.params ?? {}, { fields: err?.fields });
      }
      const r = info.result as AnalysisResult;
      if (flags.json) {
        process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        return 0;
      }
      process.stdout.write(
        `mode: ${r.mode} (${r.modeReason}); nmap ${r.nmapVersion}${r.nmblookupVersion ? `, nmblookup ${r.nmblookupVersion}` : ''}\n`,
      );
      for (const h of r.hosts) process.stdout.write(describeHost(h) + '\n');
      const c = r.counts;
      process.stdout.write(
        `${r.hosts.length} address(es): ${c.windows} Windows, ${c.unix} Linux/Unix, ${c.network} network device(s), ${c.phantom} phantom(s)\n`,
      );
      return 0;
    });
  });
}
