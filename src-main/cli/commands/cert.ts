import type { Command } from 'commander';
import type { CertificateInfo, IssueResult } from '../../../shared/contract/certificates';
import { AppError } from '../../platform/errors';
import { runCommand, fromFlags } from '../runtime';

/** `ocs-desk cert ...`: the certificate wizard on the command line (no database needed). */

interface SubjectFlags {
  cn: string;
  country?: string;
  state?: string;
  locality?: string;
  org?: string;
  unit?: string;
  email?: string;
  dns: string[];
  ip: string[];
  key?: string;
  days?: string;
  out: string;
  name: string;
  force?: boolean;
  json?: boolean;
}

const collect = (v: string, prev: string[]) => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

function withSubject(
  cmd: Command,
  opts: { days: number | false; cnHelp: string; keyDefault?: string },
): Command {
  opts.keyDefault ??= 'rsa2048';
  cmd
    .requiredOption('--cn <name>', opts.cnHelp)
    .option('--country <CC>', 'country, two letters (FR, DE, US)')
    .option('--state <text>', 'state or province')
    .option('--locality <text>', 'city')
    .option('--org <text>', 'organisation')
    .option('--unit <text>', 'organisational unit')
    .option('--email <address>', 'contact e-mail')
    .option('--key <type>', `rsa2048 | rsa3072 | rsa4096 | ecdsa-p256 (default ${opts.keyDefault})`);
  if (opts.days) cmd.option('--days <n>', `validity in days (default ${opts.days})`);
  return cmd
    .requiredOption('--out <dir>', 'output folder (created if needed)')
    .option('--force', 'replace existing files')
    .option('--json', 'print the result as JSON');
}

function withNames(cmd: Command): Command {
  return cmd
    .option('--dns <names>', 'extra DNS names (comma-separated, repeatable)', collect, [])
    .option('--ip <addresses>', 'IP addresses (comma-separated, repeatable)', collect, [])
    .option('--name <base>', 'file base name: <base>.key, <base>.pem/.csr', 'server');
}

function subjectOf(f: SubjectFlags) {
  return {
    commonName: f.cn,
    country: f.country,
    state: f.state,
    locality: f.locality,
    organisation: f.org,
    unit: f.unit,
    email: f.email,
  };
}

function serverInput(f: SubjectFlags) {
  return {
    subject: subjectOf(f),
    dnsNames: f.dns,
    ipAddresses: f.ip,
    ...(f.key ? { keyType: f.key } : {}),
    ...(f.days !== undefined ? { validityDays: f.days } : {}),
    outputDir: f.out,
    baseName: f.name,
    overwrite: !!f.force,
  };
}

function passphraseFrom(envVar: string): string {
  const v = process.env[envVar];
  if (!v) {
    throw new AppError('VALIDATION_FAILED', {
      field: 'passphrase',
      detail: `set the CA passphrase in the environment variable ${envVar} (never a flag: it would show in ps)`,
    });
  }
  return v;
}

function describeCert(c: CertificateInfo, indent = ''): string {
  const names = [...c.dnsNames.map((n) => `DNS:${n}`), ...c.ipAddresses.map((n) => `IP:${n}`)].join(', ');
  return [
    `${indent}subject:  ${c.subject}`,
    `${indent}issuer:   ${c.issuer}${c.selfSigned ? ' (self-signed)' : ''}`,
    `${indent}names:    ${names || '(none)'}`,
    `${indent}key:      ${c.keyType}${c.isCa ? ', CA' : ''}`,
    `${indent}valid:    ${c.notBefore} to ${c.notAfter} (${c.daysLeft} days left, ${c.expiry})`,
    `${indent}sha256:   ${c.fingerprint256}`,
  ].join('\n');
}

function printIssue(r: IssueResult, json?: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(r, null, 2) + '\n');
    return;
  }
  const out: string[] = ['files written:'];
  for (const f of r.files) out.push(`  ${f.kind.padEnd(15)} ${f.path} (mode ${f.mode})`);
  if (r.certificate) out.push('certificate:', describeCert(r.certificate, '  '));
  if (r.agentNote) out.push('agents:', `  ${r.agentNote}`);
  if (r.snippets) out.push('', r.snippets.apache, r.snippets.nginx);
  process.stdout.write(out.join('\n') + '\n');
}

export function registerCertCommands(program: Command): void {
  const cert = program
    .command('cert')
    .description(
      'HTTPS certificates for the OCS server: self-signed, CSR for a PKI, private CA, check a server',
    )
    .addHelpText(
      'after',
      '\nPrivate keys are written with mode 600; existing files are kept unless --force.\n' +
        'The CA passphrase is read from an environment variable (default OCS_DESK_CA_PASSPHRASE), never a flag.\n' +
        'Example:\n' +
        '  export OCS_DESK_CA_PASSPHRASE=...\n' +
        '  ocs-desk cert ca --cn "Acme OCS Root CA" --out ./pki\n' +
        '  ocs-desk cert sign --ca-cert ./pki/cacert.pem --ca-key ./pki/ca.key --cn ocs.acme.lan --ip 10.0.0.5 --out ./pki\n' +
        '  ocs-desk cert check https://ocs.acme.lan/ocsinventory --cacert ./pki/cacert.pem',
    );

  withNames(
    withSubject(cert.command('self-signed').description('key + self-signed server certificate'), {
      days: 1825,
      cnHelp: 'server name (DNS name, *.domain, or IP address)',
    }),
  ).action(async (f: SubjectFlags) => {
    await runCommand(async (rt) =>
      printIssue(
        await rt.runJob('certificates.selfSigned', fromFlags(serverInput(f)), f.json ? 'none' : 'lines'),
        f.json,
      ),
    );
  });

  withNames(
    withSubject(
      cert.command('csr').description('key + certificate signing request (PKCS#10) for a company PKI'),
      {
        days: false,
        cnHelp: 'server name (DNS name, *.domain, or IP address)',
      },
    ),
  ).action(async (f: SubjectFlags) => {
    const { validityDays: _omit, ...input } = serverInput(f) as ReturnType<typeof serverInput> & {
      validityDays?: unknown;
    };
    await runCommand(async (rt) =>
      printIssue(await rt.runJob('certificates.csr', fromFlags(input), f.json ? 'none' : 'lines'), f.json),
    );
  });

  cert
    .command('import')
    .description('check the certificate returned by the PKI against the key written with the CSR')
    .requiredOption('--key <file>', 'private key written by "cert csr"')
    .requiredOption('--cert <file>', 'certificate returned by the PKI (PEM)')
    .option('--chain <file>', 'intermediate certificates (PEM)')
    .option('--json', 'print the result as JSON')
    .action(async (f: { key: string; cert: string; chain?: string; json?: boolean }) => {
      await runCommand(async (rt) =>
        printIssue(
          await rt.call('certificates.importSigned', {
            keyFile: f.key,
            certificateFile: f.cert,
            chainFile: f.chain,
          }),
          f.json,
        ),
      );
    });

  withSubject(
    cert
      .command('ca')
      .description('private root CA: ca.key (passphrase-encrypted) + cacert.pem for the agents'),
    {
      days: 3650,
      cnHelp: 'CA name, e.g. "Acme OCS Root CA"',
      keyDefault: 'rsa3072',
    },
  )
    .option(
      '--passphrase-env <var>',
      'environment variable holding the CA passphrase',
      'OCS_DESK_CA_PASSPHRASE',
    )
    .action(async (f: SubjectFlags & { passphraseEnv: string }) => {
      await runCommand(async (rt) => {
        const input = {
          subject: subjectOf(f),
          ...(f.key ? { keyType: f.key } : {}),
          ...(f.days !== undefined ? { validityDays: f.days } : {}),
          passphrase: passphraseFrom(f.passphraseEnv),
          outputDir: f.out,
          overwrite: !!f.force,
        };
        printIssue(
          await rt.runJob('certificates.createCa', fromFlags(input), f.json ? 'none' : 'lines'),
          f.json,
        );
      });
    });

  withNames(
    withSubject(
      cert
        .command('sign')
        .description('key + server certificate signed by the private CA (+ cacert.pem beside it)'),
      {
        days: 1825,
        cnHelp: 'server name (DNS name, *.domain, or IP address)',
      },
    ),
  )
    .requiredOption('--ca-cert <file>', 'CA certificate (cacert.pem)')
    .requiredOption('--ca-key <file>', 'CA key (ca.key)')
    .option(
      '--passphrase-env <var>',
      'environment variable holding the CA passphrase',
      'OCS_DESK_CA_PASSPHRASE',
    )
    .action(async (f: SubjectFlags & { caCert: string; caKey: string; passphraseEnv: string }) => {
      await runCommand(async (rt) => {
        const input = {
          ...serverInput(f),
          caCertFile: f.caCert,
          caKeyFile: f.caKey,
          caPassphrase: passphraseFrom(f.passphraseEnv),
        };
        printIssue(await rt.runJob('certificates.sign', fromFlags(input), f.json ? 'none' : 'lines'), f.json);
      });
    });

  cert
    .command('check')
    .description('connect to an HTTPS server: chain, names, expiry, trust against a cacert.pem')
    .argument('<url>', 'https://server/ocsinventory')
    .option('--cacert <file>', 'CA file the agents use (default: the system store)')
    .option('--timeout <ms>', 'connection timeout', '10000')
    .option('--json', 'print the result as JSON')
    .action(async (url: string, f: { cacert?: string; timeout: string; json?: boolean }) => {
      await runCommand(async (rt) => {
        const r = await rt.call('certificates.check', {
          url,
          caFile: f.cacert,
          timeoutMs: f.timeout,
        });
        if (f.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        else {
          const out = [`${r.url} (${r.protocol ?? '?'})`];
          r.chain.forEach((c, i) => out.push(`certificate ${i}:`, describeCert(c, '  ')));
          out.push(`trusted:  ${r.trusted ? 'yes' : 'NO'} (${r.caFile ?? 'system store'})`);
          out.push(`name:     ${r.hostnameMatches ? 'matches' : 'DOES NOT MATCH'} ${r.host}`);
          for (const w of r.warnings) out.push(`warning:  ${w.code}: ${w.message}`);
          process.stdout.write(out.join('\n') + '\n');
        }
        // exit 1 when an agent would refuse this server (untrusted, wrong name, expired)
        return r.warnings.some((w) => w.code !== 'EXPIRES_SOON') ? 1 : 0;
      });
    });

  cert
    .command('inspect')
    .description('show a certificate file: names, issuer, expiry')
    .argument('<file>', 'PEM certificate')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, f: { json?: boolean }) => {
      await runCommand(async (rt) => {
        const c = await rt.call('certificates.inspect', { file });
        process.stdout.write(f.json ? JSON.stringify(c, null, 2) + '\n' : describeCert(c) + '\n');
        return c.expiry === 'expired' ? 1 : 0;
      });
    });
}
