import { z } from 'zod';
import { defineJob, defineRoute } from './route';

/** Server names: letters, digits, hyphens per label; a wildcard only as the whole left-most label. */
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEXTET = /^[0-9A-Fa-f]{1,4}$/;

/** RFC 4291 text form (`::` once, an IPv4 tail allowed); no zone id, which a certificate cannot hold. */
function isIpv6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2 || !s.includes(':')) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  let n = 0;
  for (const [i, g] of groups.entries()) {
    if (i === groups.length - 1 && g.includes('.')) {
      if (!IPV4.test(g)) return false;
      n += 2;
    } else if (HEXTET.test(g)) n += 1;
    else return false;
  }
  return halves.length === 2 ? n <= 7 : n === 8;
}

export function isIpAddress(s: string): boolean {
  return IPV4.test(s) || isIpv6(s);
}

/** Why a DNS name cannot go in a server certificate, or null when it can. */
export function dnsNameProblem(name: string): string | null {
  if (name.length === 0) return 'required';
  if (/\s/.test(name)) return 'no spaces allowed in a server name (e.g. ocs.example.com)';
  if (name.length > 253) return 'at most 253 characters';
  const labels = name.split('.');
  if (labels.some((l) => l.length === 0)) return 'empty label (two dots or a dot at an end)';
  for (const [i, l] of labels.entries()) {
    if (l.includes('*')) {
      if (l !== '*' || i !== 0)
        return 'a wildcard is only allowed as the whole first label, e.g. *.example.com';
      if (labels.length < 3) return 'a wildcard needs at least two labels after it, e.g. *.example.com';
      continue;
    }
    if (!LABEL.test(l))
      return `"${l}": letters, digits and hyphens only (not at the start or end of a label)`;
  }
  return null;
}

/** A server name: a DNS name (wildcard allowed as the first label) or an IP address. */
export const ServerName = z
  .string()
  .trim()
  .superRefine((s, ctx) => {
    if (isIpAddress(s)) return;
    const p = dnsNameProblem(s);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  });

/** Subject texts go into the certificate as UTF-8: no lone surrogate (not encodable), no control character. */
const subjectText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine((v) => !/[\u0000-\u001f\u007f\ud800-\udfff]/u.test(v), 'no control or invalid characters');
const text = (max: number) => subjectText(max).optional();

/** Subject of a certificate. Only the common name is required. */
const SubjectBase = z.object({
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'two letters (ISO 3166 code, e.g. FR, DE, US)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  state: text(128),
  locality: text(128),
  organisation: text(64),
  unit: text(64),
  email: z
    .email('not an e-mail address')
    .max(128)
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export const ServerSubject = SubjectBase.extend({ commonName: ServerName });
export type ServerSubject = z.infer<typeof ServerSubject>;

/** A CA's common name is a label for humans (spaces allowed). */
export const CaSubject = SubjectBase.extend({
  commonName: subjectText(64).pipe(z.string().min(1, 'required')),
});
export type CaSubject = z.infer<typeof CaSubject>;

export const KeyType = z.enum(['rsa2048', 'rsa3072', 'rsa4096', 'ecdsa-p256']);
export type KeyType = z.infer<typeof KeyType>;

export const DEFAULT_SERVER_DAYS = 1825;
export const DEFAULT_CA_DAYS = 3650;
export const EXPIRY_WARNING_DAYS = 30;

const Validity = (def: number) =>
  z.coerce
    .number()
    .int('whole days')
    .min(1, 'at least 1 day')
    .max(36500, 'at most 36500 days (100 years)')
    .default(def);

/** A folder on the admin's machine, written by the main process. */
const OutputDir = z.string().trim().min(1, 'choose an output folder').max(4096);
const BaseName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - only')
  .default('server');

/** Where the files go and whether existing files may be replaced. */
const Output = {
  outputDir: OutputDir,
  baseName: BaseName,
  overwrite: z.boolean().default(false),
};

/** DNS names and IP addresses; when both are empty the server name (CN) is used. */
const AltNames = {
  dnsNames: z.array(ServerName).max(100).default([]),
  ipAddresses: z
    .array(z.string().trim().refine(isIpAddress, 'not an IPv4 or IPv6 address'))
    .max(100)
    .default([]),
};

export const SelfSignedInput = z.object({
  subject: ServerSubject,
  ...AltNames,
  keyType: KeyType.default('rsa2048'),
  validityDays: Validity(DEFAULT_SERVER_DAYS),
  ...Output,
});
export type SelfSignedInput = z.input<typeof SelfSignedInput>;

export const CsrInput = z.object({
  subject: ServerSubject,
  ...AltNames,
  keyType: KeyType.default('rsa2048'),
  ...Output,
});
export type CsrInput = z.input<typeof CsrInput>;

export const ImportInput = z
  .object({
    keyFile: z.string().trim().min(1, 'choose the private key written with the request'),
    /** The certificate the PKI returned: a file, or its PEM text pasted (then written to the output folder). */
    certificateFile: z.string().trim().min(1).optional(),
    certificatePem: z.string().max(200_000).optional(),
    /** Intermediate certificates of the PKI (PEM), if any. */
    chainFile: z.string().trim().min(1).optional(),
    outputDir: OutputDir.optional(),
    baseName: BaseName,
    overwrite: z.boolean().default(false),
  })
  .refine((v) => !!v.certificateFile !== !!v.certificatePem, {
    message: 'give either the certificate file or its PEM text',
    path: ['certificateFile'],
  })
  .refine((v) => !v.certificatePem || !!v.outputDir, {
    message: 'choose the folder where the certificate is written',
    path: ['outputDir'],
  });
export type ImportInput = z.input<typeof ImportInput>;

const Passphrase = z.string().min(8, 'at least 8 characters').max(1024);

export const CreateCaInput = z.object({
  subject: CaSubject,
  keyType: KeyType.default('rsa3072'),
  validityDays: Validity(DEFAULT_CA_DAYS),
  /** Encrypts the CA key (AES-256, PKCS#8); never stored or logged. */
  passphrase: Passphrase,
  outputDir: OutputDir,
  overwrite: z.boolean().default(false),
});
export type CreateCaInput = z.input<typeof CreateCaInput>;

export const SignInput = z.object({
  caCertFile: z.string().trim().min(1, 'choose the CA certificate (cacert.pem)'),
  caKeyFile: z.string().trim().min(1, 'choose the CA key (ca.key)'),
  caPassphrase: z.string().min(1, 'required').max(1024),
  subject: ServerSubject,
  ...AltNames,
  keyType: KeyType.default('rsa2048'),
  validityDays: Validity(DEFAULT_SERVER_DAYS),
  ...Output,
});
export type SignInput = z.input<typeof SignInput>;

export const CheckInput = z.object({
  url: z
    .string()
    .trim()
    .regex(/^https:\/\/[^\s/]+/i, 'an https:// address, e.g. https://ocs.example.com/ocsinventory'),
  /** cacert.pem to verify against (the file the agents use); the system store when absent. */
  caFile: z.string().trim().min(1).optional(),
  timeoutMs: z.coerce.number().int().min(500).max(60_000).default(10_000),
});
export type CheckInput = z.input<typeof CheckInput>;

export const InspectInput = z.object({ file: z.string().trim().min(1) });

// ---- outputs ---------------------------------------------------------------------------

export const FileKind = z.enum(['key', 'certificate', 'csr', 'ca-key', 'ca-certificate', 'chain']);
export const WrittenFile = z.object({
  kind: FileKind,
  path: z.string(),
  /** Octal permission bits, e.g. "600". */
  mode: z.string(),
});
export type WrittenFile = z.infer<typeof WrittenFile>;

export const ExpiryLevel = z.enum(['ok', 'warning', 'expired', 'not-yet-valid']);
export type ExpiryLevel = z.infer<typeof ExpiryLevel>;

export const CertificateInfo = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  daysLeft: z.number().int(),
  expiry: ExpiryLevel,
  dnsNames: z.array(z.string()),
  ipAddresses: z.array(z.string()),
  isCa: z.boolean(),
  selfSigned: z.boolean(),
  keyType: z.string(),
  fingerprint256: z.string(),
});
export type CertificateInfo = z.infer<typeof CertificateInfo>;

export const ServerSnippets = z.object({ apache: z.string(), nginx: z.string() });
export type ServerSnippets = z.infer<typeof ServerSnippets>;

export const IssueResult = z.object({
  files: z.array(WrittenFile),
  certificate: CertificateInfo.nullable(),
  snippets: ServerSnippets.nullable(),
  /** Advice for the agents (where cacert.pem goes). */
  agentNote: z.string().nullable(),
});
export type IssueResult = z.infer<typeof IssueResult>;

export const CheckWarning = z.object({
  code: z.enum(['EXPIRES_SOON', 'EXPIRED', 'NOT_YET_VALID', 'UNTRUSTED', 'NAME_MISMATCH']),
  message: z.string(),
});
export type CheckWarning = z.infer<typeof CheckWarning>;

export const CheckResult = z.object({
  url: z.string(),
  host: z.string(),
  port: z.number().int(),
  protocol: z.string().nullable(),
  /** Server certificate first, then the chain the server sent. */
  chain: z.array(CertificateInfo),
  /** Verified against the chosen cacert.pem (or the system store). */
  trusted: z.boolean(),
  trustError: z.string().nullable(),
  hostnameMatches: z.boolean(),
  caFile: z.string().nullable(),
  warnings: z.array(CheckWarning),
  checkedAt: z.string(),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const certificates = {
  /** Key + self-signed server certificate. */
  selfSigned: defineJob({ right: 'configure', needsDb: false, input: SelfSignedInput, result: IssueResult }),
  /** Key + certificate signing request for a company PKI. */
  csr: defineJob({ right: 'configure', needsDb: false, input: CsrInput, result: IssueResult }),
  /** Checks the certificate the PKI returned against the key; optionally writes it. */
  importSigned: defineRoute({ right: 'configure', needsDb: false, input: ImportInput, output: IssueResult }),
  /** Root CA: passphrase-encrypted key + cacert.pem (the file agents install). */
  createCa: defineJob({ right: 'configure', needsDb: false, input: CreateCaInput, result: IssueResult }),
  /** Key + server certificate signed by the private CA (+ a copy of cacert.pem). */
  sign: defineJob({ right: 'configure', needsDb: false, input: SignInput, result: IssueResult }),
  /** Connects to an HTTPS URL: chain, names, expiry, trust against a cacert.pem. */
  check: defineRoute({ right: 'browse', needsDb: false, input: CheckInput, output: CheckResult }),
  /** Reads a certificate file (PEM): names, expiry. */
  inspect: defineRoute({ right: 'browse', needsDb: false, input: InspectInput, output: CertificateInfo }),
};
