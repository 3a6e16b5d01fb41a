import {
  CreateCaInput,
  CsrInput,
  SelfSignedInput,
  SignInput,
  type KeyType,
} from '@shared/contract/certificates';
import type { UseFormReturnType } from '@mantine/form';
import { contractMessage } from '@shared/i18n/contract-message';
import type { Lang } from '@shared/i18n/field-label';
import { zodErrors } from '../../components/step-form/zod-errors';

export type CertPath = 'self-signed' | 'csr' | 'ca';
export const KEY_TYPES: KeyType[] = ['rsa2048', 'rsa3072', 'rsa4096', 'ecdsa-p256'];
/** Steps: path, subject and names, key and validity, output folder, result. */
export const STEP = { path: 0, subject: 1, key: 2, output: 3, result: 4 } as const;

export interface CertValues {
  path: CertPath;
  subject: {
    commonName: string;
    country: string;
    state: string;
    locality: string;
    organisation: string;
    unit: string;
    email: string;
  };
  /** Separated by commas or spaces, as typed. */
  dnsNames: string;
  ipAddresses: string;
  keyType: KeyType;
  validityDays: number | string;
  caMode: 'new' | 'existing';
  caName: string;
  caPassphrase: string;
  caPassphrase2: string;
  caCertFile: string;
  caKeyFile: string;
  outputDir: string;
  baseName: string;
  overwrite: boolean;
}
export type CertForm = UseFormReturnType<CertValues>;
export type Translate = (key: string) => string;

export const OUTPUT_DIR_KEY = 'ocs-desk-cert-dir';

export function initialCertValues(): CertValues {
  return {
    path: 'ca',
    subject: { commonName: '', country: '', state: '', locality: '', organisation: '', unit: '', email: '' },
    dnsNames: '',
    ipAddresses: '',
    keyType: 'rsa2048',
    validityDays: 1825,
    caMode: 'new',
    caName: '',
    caPassphrase: '',
    caPassphrase2: '',
    caCertFile: '',
    caKeyFile: '',
    outputDir: localStorage.getItem(OUTPUT_DIR_KEY) ?? '',
    baseName: 'server',
    overwrite: false,
  };
}

export const list = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);

const names = (v: CertValues) => ({ dnsNames: list(v.dnsNames), ipAddresses: list(v.ipAddresses) });
const output = (v: CertValues) => ({ outputDir: v.outputDir, baseName: v.baseName, overwrite: v.overwrite });
const days = (v: CertValues) => (v.validityDays === '' ? undefined : Number(v.validityDays));

/** The route inputs the wizard sends, built from the form (the same objects the step checks parse). */
export const inputs = {
  selfSigned: (v: CertValues): SelfSignedInput => ({
    subject: v.subject,
    ...names(v),
    keyType: v.keyType,
    validityDays: days(v),
    ...output(v),
  }),
  csr: (v: CertValues): CsrInput => ({ subject: v.subject, ...names(v), keyType: v.keyType, ...output(v) }),
  createCa: (v: CertValues): CreateCaInput => ({
    subject: { commonName: v.caName, organisation: v.subject.organisation, country: v.subject.country },
    keyType: v.keyType,
    passphrase: v.caPassphrase,
    outputDir: v.outputDir,
    overwrite: v.overwrite,
  }),
  sign: (v: CertValues, caCertFile = v.caCertFile, caKeyFile = v.caKeyFile): SignInput => ({
    caCertFile,
    caKeyFile,
    caPassphrase: v.caPassphrase,
    subject: v.subject,
    ...names(v),
    keyType: v.keyType,
    validityDays: days(v),
    ...output(v),
  }),
};

/** A list typed in one box: the message says which entry is wrong. */
function listEntry(v: CertValues, field: 'dnsNames' | 'ipAddresses', lang: Lang) {
  return (index: number | null) => {
    const entry = index === null ? undefined : list(v[field])[index];
    return entry === undefined ? '' : lang === 'fr' ? `« ${entry} » : ` : `"${entry}": `;
  };
}

/**
 * The errors of one step, by form path, from the contract's schemas (the route checks the same): the
 * message stays on the field of the step that holds it, so nothing is refused only at the Result step.
 * The contract's messages are shown in `lang`.
 */
export function stepErrors(
  v: CertValues,
  step: number,
  t: Translate,
  lang: Lang = 'en',
): Record<string, string> {
  if (step === STEP.subject) {
    const r = SelfSignedInput.pick({ subject: true, dnsNames: true, ipAddresses: true }).safeParse({
      subject: v.subject,
      ...names(v),
    });
    const prefix: Record<string, (i: number | null) => string> = {
      dnsNames: listEntry(v, 'dnsNames', lang),
      ipAddresses: listEntry(v, 'ipAddresses', lang),
    };
    const out: Record<string, string> = {};
    if (!r.success) {
      for (const i of r.error.issues) {
        const [head, index] = i.path.map(String);
        const key = head === 'subject' ? `subject.${index}` : head!;
        const at = index !== undefined && /^\d+$/.test(index) ? Number(index) : null;
        const p = prefix[key]?.(at) ?? '';
        const m = contractMessage(i.message, lang, i);
        // A message that already names the entry ('"-x": letters…') is not prefixed twice.
        out[key] ??= p && m.startsWith(p.trimEnd()) ? m : p + m;
      }
    }
    return out;
  }
  if (step === STEP.key) {
    const out: Record<string, string> = {};
    if (v.path !== 'csr') {
      Object.assign(
        out,
        zodErrors(
          SelfSignedInput.pick({ validityDays: true }).safeParse({ validityDays: days(v) }),
          undefined,
          lang,
        ),
      );
    }
    if (v.path === 'ca' && v.caMode === 'new') {
      const ca = CreateCaInput.pick({ subject: true, passphrase: true }).safeParse(inputs.createCa(v));
      Object.assign(
        out,
        zodErrors(
          ca,
          (p) =>
            p === 'subject.commonName'
              ? 'caName'
              : p === 'passphrase'
                ? 'caPassphrase'
                : p.startsWith('subject.')
                  ? ''
                  : p,
          lang,
        ),
      );
      if (!v.caPassphrase) out.caPassphrase = t('passRequired');
      else if (!out.caPassphrase && v.caPassphrase !== v.caPassphrase2) out.caPassphrase2 = t('passMismatch');
    }
    if (v.path === 'ca' && v.caMode === 'existing') {
      const r = SignInput.pick({ caCertFile: true, caKeyFile: true, caPassphrase: true }).safeParse(
        inputs.sign(v),
      );
      Object.assign(out, zodErrors(r, undefined, lang));
      if (!v.caPassphrase) out.caPassphrase = t('passRequired');
    }
    return out;
  }
  if (step === STEP.output) {
    return zodErrors(
      SelfSignedInput.pick({ outputDir: true, baseName: true }).safeParse(output(v)),
      undefined,
      lang,
    );
  }
  return {};
}

/** The first step (in order) whose fields are refused, with its errors; null when every step passes. */
export function firstInvalidStep(
  v: CertValues,
  t: Translate,
  lang: Lang = 'en',
): { step: number; errors: Record<string, string> } | null {
  for (const step of [STEP.subject, STEP.key, STEP.output]) {
    const errors = stepErrors(v, step, t, lang);
    if (Object.keys(errors).length) return { step, errors };
  }
  return null;
}
