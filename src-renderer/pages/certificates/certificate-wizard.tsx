import type { IssueResult, KeyType } from '@shared/contract/certificates';
import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  NumberInput,
  PasswordInput,
  Radio,
  SegmentedControl,
  Select,
  Stack,
  Stepper,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useJob } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { JobProgress } from '../../components/job-progress/job-progress';
import { ImportPanel } from './import-panel';

type Path = 'self-signed' | 'csr' | 'ca';
const KEY_TYPES: KeyType[] = ['rsa2048', 'rsa3072', 'rsa4096', 'ecdsa-p256'];
const LAST = 4;

const list = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** The certificate wizard: path → subject and names → key and validity → output folder → result. */
export function CertificateWizard() {
  const { t } = useTranslation('certificates');
  const [step, setStep] = useState(0);
  const [path, setPath] = useState<Path>('ca');
  // subject and names
  const [commonName, setCommonName] = useState('');
  const [dnsNames, setDnsNames] = useState('');
  const [ipAddresses, setIpAddresses] = useState('');
  const [country, setCountry] = useState('');
  const [state, setState] = useState('');
  const [locality, setLocality] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [unit, setUnit] = useState('');
  const [email, setEmail] = useState('');
  // key and validity
  const [keyType, setKeyType] = useState<KeyType>('rsa2048');
  const [days, setDays] = useState<number>(1825);
  // private CA
  const [caMode, setCaMode] = useState<'new' | 'existing'>('new');
  const [caName, setCaName] = useState('');
  const [caPass, setCaPass] = useState('');
  const [caPass2, setCaPass2] = useState('');
  const [caCertFile, setCaCertFile] = useState('');
  const [caKeyFile, setCaKeyFile] = useState('');
  // output
  const [outputDir, setOutputDir] = useState(() => localStorage.getItem('ocs-desk-cert-dir') ?? '');
  const [baseName, setBaseName] = useState('server');
  const [overwrite, setOverwrite] = useState(false);

  const selfSigned = useJob('certificates.selfSigned');
  const csr = useJob('certificates.csr');
  const createCa = useJob('certificates.createCa');
  const sign = useJob('certificates.sign');
  const [localError, setLocalError] = useState<string | null>(null);

  const subject = { commonName, country, state, locality, organisation, unit, email };
  const names = { dnsNames: list(dnsNames), ipAddresses: list(ipAddresses) };
  const output = { outputDir, baseName, overwrite };

  const signWith = (certFile: string, keyFile: string) =>
    void sign
      .start({
        caCertFile: certFile,
        caKeyFile: keyFile,
        caPassphrase: caPass,
        subject,
        ...names,
        keyType,
        validityDays: days,
        ...output,
      })
      .catch(() => undefined);

  // New CA: once it is written, the server certificate is signed with it.
  useEffect(() => {
    const r = createCa.result;
    if (!r || sign.job) return;
    const cert = r.files.find((f) => f.kind === 'ca-certificate')?.path;
    const key = r.files.find((f) => f.kind === 'ca-key')?.path;
    if (cert && key) signWith(cert, key);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [createCa.result]);

  const create = () => {
    setLocalError(null);
    for (const j of [selfSigned, csr, createCa, sign]) j.reset();
    localStorage.setItem('ocs-desk-cert-dir', outputDir);
    if (path === 'self-signed') {
      void selfSigned
        .start({ subject, ...names, keyType, validityDays: days, ...output })
        .catch(() => undefined);
    } else if (path === 'csr') {
      void csr.start({ subject, ...names, keyType, ...output }).catch(() => undefined);
    } else if (caMode === 'new') {
      if (caPass !== caPass2) {
        setLocalError(t('passMismatch'));
        return;
      }
      void createCa
        .start({
          subject: { commonName: caName, organisation, country },
          keyType,
          passphrase: caPass,
          outputDir,
          overwrite,
        })
        .catch(() => undefined);
    } else {
      signWith(caCertFile, caKeyFile);
    }
    setStep(LAST);
  };

  const jobs = [selfSigned, csr, createCa, sign];
  const running = jobs.some((j) => j.running);
  const results: IssueResult[] = jobs.map((j) => j.result).filter((r): r is IssueResult => !!r);
  const files = [...new Map(results.flatMap((r) => r.files).map((f) => [f.path, f])).values()];
  const final = path === 'self-signed' ? selfSigned.result : path === 'csr' ? csr.result : sign.result;

  return (
    <Stack data-testid="cert-wizard">
      <Stepper active={step} onStepClick={(s) => s < LAST && setStep(s)} size="sm">
        <Stepper.Step label={t('step.path')}>
          <Radio.Group value={path} onChange={(v) => setPath(v as Path)} mt="md" label={t('pathLabel')}>
            <Stack gap="xs" mt="xs">
              <Radio
                value="self-signed"
                label={t('path.self-signed')}
                description={t('pathHint.self-signed')}
              />
              <Radio value="csr" label={t('path.csr')} description={t('pathHint.csr')} />
              <Radio value="ca" label={t('path.ca')} description={t('pathHint.ca')} />
            </Stack>
          </Radio.Group>
        </Stepper.Step>
        <Stepper.Step label={t('step.subject')}>
          <Stack gap="sm" mt="md">
            <TextInput
              label={t('commonName')}
              description={t('commonNameHint')}
              value={commonName}
              onChange={(e) => setCommonName(e.currentTarget.value)}
              required
            />
            <Group grow>
              <TextInput
                label={t('dnsNames')}
                description={t('listHint')}
                value={dnsNames}
                onChange={(e) => setDnsNames(e.currentTarget.value)}
              />
              <TextInput
                label={t('ipAddresses')}
                description={t('listHint')}
                value={ipAddresses}
                onChange={(e) => setIpAddresses(e.currentTarget.value)}
              />
            </Group>
            <Group grow>
              <TextInput
                label={t('country')}
                value={country}
                maxLength={3}
                onChange={(e) => setCountry(e.currentTarget.value)}
              />
              <TextInput label={t('state')} value={state} onChange={(e) => setState(e.currentTarget.value)} />
              <TextInput
                label={t('locality')}
                value={locality}
                onChange={(e) => setLocality(e.currentTarget.value)}
              />
            </Group>
            <Group grow>
              <TextInput
                label={t('organisation')}
                value={organisation}
                onChange={(e) => setOrganisation(e.currentTarget.value)}
              />
              <TextInput label={t('unit')} value={unit} onChange={(e) => setUnit(e.currentTarget.value)} />
              <TextInput label={t('email')} value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            </Group>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('step.key')}>
          <Stack gap="sm" mt="md">
            <Group grow>
              <Select
                label={t('keyType')}
                value={keyType}
                onChange={(v) => setKeyType((v as KeyType) ?? 'rsa2048')}
                allowDeselect={false}
                data={KEY_TYPES.map((k) => ({ value: k, label: t(`key.${k}`) }))}
              />
              {path !== 'csr' ? (
                <NumberInput
                  label={t('validityDays')}
                  description={t('validityHint')}
                  value={days}
                  min={1}
                  onChange={(v) => setDays(typeof v === 'number' ? v : Number(v) || 0)}
                />
              ) : null}
            </Group>
            {path === 'ca' ? (
              <Stack gap="sm">
                <Title order={5}>{t('caTitle')}</Title>
                <SegmentedControl
                  value={caMode}
                  onChange={(v) => setCaMode(v as 'new' | 'existing')}
                  data={[
                    { value: 'new', label: t('caNew') },
                    { value: 'existing', label: t('caExisting') },
                  ]}
                />
                {caMode === 'new' ? (
                  <TextInput
                    label={t('caName')}
                    description={t('caNameHint')}
                    value={caName}
                    onChange={(e) => setCaName(e.currentTarget.value)}
                    required
                  />
                ) : (
                  <Group grow>
                    <TextInput
                      label={t('caCertFile')}
                      value={caCertFile}
                      onChange={(e) => setCaCertFile(e.currentTarget.value)}
                      required
                    />
                    <TextInput
                      label={t('caKeyFile')}
                      value={caKeyFile}
                      onChange={(e) => setCaKeyFile(e.currentTarget.value)}
                      required
                    />
                  </Group>
                )}
                <Group grow align="flex-end">
                  <PasswordInput
                    label={t('caPassphrase')}
                    description={t('caPassphraseHint')}
                    value={caPass}
                    onChange={(e) => setCaPass(e.currentTarget.value)}
                    required
                  />
                  {caMode === 'new' ? (
                    <PasswordInput
                      label={t('caPassphrase2')}
                      value={caPass2}
                      onChange={(e) => setCaPass2(e.currentTarget.value)}
                      required
                    />
                  ) : null}
                </Group>
              </Stack>
            ) : null}
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('step.output')}>
          <Stack gap="sm" mt="md">
            <TextInput
              label={t('outputDir')}
              description={t('outputDirHint')}
              value={outputDir}
              onChange={(e) => setOutputDir(e.currentTarget.value)}
              required
            />
            <TextInput
              label={t('baseName')}
              description={t('baseNameHint')}
              value={baseName}
              onChange={(e) => setBaseName(e.currentTarget.value)}
            />
            <Checkbox
              label={t('overwrite')}
              checked={overwrite}
              onChange={(e) => setOverwrite(e.currentTarget.checked)}
            />
            <Group>
              <Button data-testid="cert-create" onClick={create} loading={running}>
                {t('create')}
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('step.result')}>
          <Stack gap="sm" mt="md">
            {localError ? <Alert color="red">{localError}</Alert> : null}
            {jobs.map((j, i) => (
              <JobProgress key={i} job={j.running ? j.job : null} onCancel={() => void j.cancel()} />
            ))}
            {jobs.map((j, i) => (
              <ErrorAlert key={i} error={j.error} />
            ))}
            {files.length ? (
              <Table withTableBorder fz="sm" data-testid="cert-files">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('fileKind')}</Table.Th>
                    <Table.Th>{t('filePath')}</Table.Th>
                    <Table.Th>{t('fileMode')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {files.map((f) => (
                    <Table.Tr key={f.path}>
                      <Table.Td>{t(`kind.${f.kind}`)}</Table.Td>
                      <Table.Td>
                        <Code>{f.path}</Code>
                      </Table.Td>
                      <Table.Td>{f.mode}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : null}
            {final ? <ResultDetails result={final} /> : null}
            {path === 'csr' && csr.result ? (
              <ImportPanel
                keyFile={csr.result.files.find((f) => f.kind === 'key')?.path ?? ''}
                outputDir={outputDir}
                baseName={baseName}
              />
            ) : null}
          </Stack>
        </Stepper.Step>
      </Stepper>
      <Group justify="space-between">
        <Button variant="default" disabled={step === 0 || running} onClick={() => setStep((s) => s - 1)}>
          {t('back')}
        </Button>
        {step < LAST - 1 ? (
          <Button variant="default" onClick={() => setStep((s) => s + 1)} data-testid="cert-next">
            {t('next')}
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}

export function ResultDetails({ result }: { result: IssueResult }) {
  const { t } = useTranslation('certificates');
  const c = result.certificate;
  return (
    <Stack gap="sm" data-testid="cert-result">
      {c ? (
        <Alert color={c.expiry === 'ok' ? 'green' : 'yellow'} title={t('certificateTitle')}>
          <Text size="sm">
            {t('subject')}: {c.subject}
          </Text>
          <Text size="sm">
            {t('issuer')}: {c.issuer}
          </Text>
          <Text size="sm">
            {t('names')}: {[...c.dnsNames, ...c.ipAddresses].join(', ')}
          </Text>
          <Text size="sm">
            {t('validUntil', { date: c.notAfter.slice(0, 10), days: c.daysLeft })} · {c.keyType}
          </Text>
        </Alert>
      ) : null}
      {result.agentNote ? (
        <Alert color="blue" title={t('agentsTitle')} data-testid="cert-agent-note">
          {result.agentNote}
        </Alert>
      ) : null}
      {result.snippets ? (
        <>
          <Title order={5}>{t('apacheSnippet')}</Title>
          <Code block data-testid="snippet-apache">
            {result.snippets.apache}
          </Code>
          <Title order={5}>{t('nginxSnippet')}</Title>
          <Code block data-testid="snippet-nginx">
            {result.snippets.nginx}
          </Code>
        </>
      ) : null}
    </Stack>
  );
}
