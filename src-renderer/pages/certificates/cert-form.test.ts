import { describe, expect, it } from 'vitest';
import { firstInvalidStep, STEP, stepErrors, type CertValues } from './cert-form';

const t = (k: string) => `t:${k}`;
const base: CertValues = {
  path: 'ca',
  subject: {
    commonName: 'ocs.example.com',
    country: 'FR',
    state: '',
    locality: '',
    organisation: '',
    unit: '',
    email: '',
  },
  dnsNames: '',
  ipAddresses: '',
  keyType: 'rsa2048',
  validityDays: 1825,
  caMode: 'new',
  caName: 'Acme CA',
  caPassphrase: 'long-enough',
  caPassphrase2: 'long-enough',
  caCertFile: '',
  caKeyFile: '',
  outputDir: '/tmp/pki',
  baseName: 'server',
  overwrite: false,
};
const withSubject = (s: Partial<CertValues['subject']>): CertValues => ({
  ...base,
  subject: { ...base.subject, ...s },
});

describe('certificate wizard step checks (contract schemas)', () => {
  it('refuses "France" at the subject step, on the country field', () => {
    expect(stepErrors(withSubject({ country: 'France' }), STEP.subject, t)).toEqual({
      'subject.country': 'two letters (ISO 3166 code, e.g. FR, DE, US)',
    });
    expect(stepErrors(withSubject({ country: 'fr' }), STEP.subject, t)).toEqual({});
  });

  it('names the wrong entry of a list typed in one box', () => {
    const e = stepErrors(
      { ...base, dnsNames: 'ok.example.com, bad..name', ipAddresses: '10.0.0.1 300.1.1.1' },
      STEP.subject,
      t,
    );
    expect(e.dnsNames).toMatch(/^"bad\.\.name": empty label/);
    expect(e.ipAddresses).toBe('"300.1.1.1": not an IPv4 or IPv6 address');
  });

  it('a passphrase mismatch is on the repeat field, a short one on the first', () => {
    expect(stepErrors({ ...base, caPassphrase2: 'other-one' }, STEP.key, t)).toEqual({
      caPassphrase2: 't:passMismatch',
    });
    expect(stepErrors({ ...base, caPassphrase: 'short', caPassphrase2: 'short' }, STEP.key, t)).toEqual({
      caPassphrase: 'at least 8 characters',
    });
    expect(stepErrors({ ...base, caPassphrase: '' }, STEP.key, t)).toEqual({
      caPassphrase: 't:passRequired',
    });
    expect(stepErrors({ ...base, caName: '' }, STEP.key, t)).toEqual({ caName: 'required' });
  });

  it('an existing CA needs its files and passphrase; the validity is checked unless for a CSR', () => {
    const e = stepErrors({ ...base, caMode: 'existing', caPassphrase: '' }, STEP.key, t);
    expect(Object.keys(e).sort()).toEqual(['caCertFile', 'caKeyFile', 'caPassphrase']);
    expect(stepErrors({ ...base, validityDays: 0 }, STEP.key, t)).toEqual({ validityDays: 'at least 1 day' });
    expect(stepErrors({ ...base, path: 'csr', validityDays: 0 }, STEP.key, t)).toEqual({});
  });

  it('"Create the files" finds the first step with an error, never nothing', () => {
    expect(firstInvalidStep(base, t)).toBeNull();
    expect(firstInvalidStep({ ...base, outputDir: ' ' }, t)).toEqual({
      step: STEP.output,
      errors: { outputDir: 'choose an output folder' },
    });
    expect(firstInvalidStep({ ...withSubject({ country: 'France' }), caPassphrase2: 'x' }, t)?.step).toBe(
      STEP.subject,
    );
  });
});

describe('certificate wizard step checks in French', () => {
  it("shows the contract's messages in the operator's language", () => {
    expect(stepErrors(withSubject({ country: 'France' }), STEP.subject, t, 'fr')).toEqual({
      'subject.country': 'deux lettres (code ISO 3166, par exemple FR, DE, US)',
    });
    expect(stepErrors({ ...base, dnsNames: 'ok.example.com, -bad' }, STEP.subject, t, 'fr')).toEqual({
      dnsNames:
        "« -bad » : lettres, chiffres et traits d'union uniquement (pas au début ni à la fin d'un label)",
    });
    expect(stepErrors({ ...base, validityDays: 0 }, STEP.key, t, 'fr')).toEqual({
      validityDays: 'au moins 1 jour',
    });
    expect(stepErrors({ ...base, caPassphrase: 'short', caPassphrase2: 'short' }, STEP.key, t, 'fr')).toEqual(
      {
        caPassphrase: 'au moins 8 caractères',
      },
    );
    expect(firstInvalidStep({ ...base, outputDir: ' ' }, t, 'fr')).toEqual({
      step: STEP.output,
      errors: { outputDir: 'choisissez un dossier de sortie' },
    });
  });
});
