import { describe, expect, it } from 'vitest';
import { CreateCaInput, ImportInput, SelfSignedInput, SignInput } from '../contract/certificates';
import { contractMessage } from './contract-message';
import { readableParams } from './field-label';

/** Every message a schema gives for a set of bad inputs (custom texts and zod's defaults alike). */
function issues(
  schema: { safeParse(v: unknown): { success: boolean; error?: { issues: unknown[] } } },
  bad: unknown[],
) {
  return bad.flatMap((v) => (schema.safeParse(v).error?.issues ?? []) as Array<{ message: string }>);
}

const long = (n: number) => 'x'.repeat(n);
const badSubject = [
  { commonName: '' },
  { commonName: 'has space.example.com' },
  { commonName: 'a..b' },
  { commonName: 'a.*.example.com' },
  { commonName: '*.com' },
  { commonName: '-bad-.example.com' },
  { commonName: long(254) },
  { commonName: 'ok.example.com', country: 'France', email: 'nope', organisation: long(65) },
  { commonName: 'ok.example.com', state: 'a\u0001b' },
];

describe('contract messages in French', () => {
  it('translates every message the certificate wizard can show', () => {
    const all = [
      ...issues(
        SelfSignedInput,
        badSubject.map((subject) => ({
          subject,
          dnsNames: ['bad name'],
          ipAddresses: ['1.2.3'],
          validityDays: 0,
          outputDir: ' ',
          baseName: '../x',
        })),
      ),
      ...issues(SelfSignedInput, [{ subject: { commonName: 'a.b' }, validityDays: 1.5, outputDir: '/t' }]),
      ...issues(SelfSignedInput, [{ subject: { commonName: 'a.b' }, validityDays: 40000, outputDir: '/t' }]),
      ...issues(CreateCaInput, [{ subject: { commonName: '' }, passphrase: 'short', outputDir: '' }]),
      ...issues(SignInput, [
        { caCertFile: '', caKeyFile: '', caPassphrase: '', subject: { commonName: 'a.b' } },
      ]),
      ...issues(ImportInput, [{ keyFile: '', certificatePem: 'x' }]),
    ];
    expect(all.length).toBeGreaterThan(20);
    const untranslated = [...new Set(all.map((i) => i.message))].filter(
      (m) => contractMessage(m, 'fr', undefined) === m,
    );
    // zod's own default texts need the issue: checked with it below.
    const withIssue = all.filter((i) => untranslated.includes(i.message));
    const still = withIssue.filter((i) => contractMessage(i.message, 'fr', i as never) === i.message);
    expect(still.map((i) => i.message)).toEqual([]);
  });

  it('keeps English as it is and names the entry of a list', () => {
    expect(contractMessage('required', 'en')).toBe('required');
    expect(contractMessage('required', 'fr')).toBe('obligatoire');
    expect(
      contractMessage('"-x": letters, digits and hyphens only (not at the start or end of a label)', 'fr'),
    ).toBe("« -x » : lettres, chiffres et traits d'union uniquement (pas au début ni à la fin d'un label)");
  });

  it("says zod's bounds in plain French", () => {
    const r = SelfSignedInput.safeParse({
      subject: { commonName: 'a.b', organisation: long(65) },
      outputDir: '/t',
    });
    const issue = r.error!.issues.find((i) => i.path.join('.') === 'subject.organisation')!;
    expect(contractMessage(issue.message, 'fr', issue)).toBe('au plus 64 caractères');
  });

  it('translates the detail of a refused route for the error banner, not for the CLI', () => {
    const params = { field: 'subject.country', detail: 'two letters (ISO 3166 code, e.g. FR, DE, US).' };
    expect(readableParams('VALIDATION_FAILED', params, 'fr')).toMatchObject({
      field: 'pays',
      detail: 'deux lettres (code ISO 3166, par exemple FR, DE, US)',
    });
    expect(readableParams('VALIDATION_FAILED', params, 'en')).toMatchObject({
      detail: 'two letters (ISO 3166 code, e.g. FR, DE, US)',
    });
  });
});
