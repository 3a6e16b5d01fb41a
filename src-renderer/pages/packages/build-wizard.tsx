import type { Fragmentation, PackageBuildInput } from '@shared/contract/packages';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Stepper,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useJob, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { JobProgress } from '../../components/job-progress/job-progress';

const MiB = 1024 * 1024;
type Os = 'WINDOWS' | 'LINUX' | 'MAC';
type Act = 'LAUNCH' | 'EXECUTE' | 'STORE';

function fmtBytes(n: number): string {
  if (n >= 1024 * MiB) return `${(n / 1024 / MiB).toFixed(2)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** The original console's build options, in four steps, with the fragment preview before building. */
export function BuildWizard({ onBuilt }: { onBuilt: (fileId: string) => void }) {
  const { t } = useTranslation('packages');
  const [step, setStep] = useState(0);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [os, setOs] = useState<Os>('LINUX');
  const [proto, setProto] = useState<'HTTP' | 'HTTPS'>('HTTP');
  const [priority, setPriority] = useState<number>(5);
  const [action, setAction] = useState<Act>('EXECUTE');
  const [actionParam, setActionParam] = useState('');
  const [sourceKind, setSourceKind] = useState<'folder' | 'file' | 'none'>('folder');
  const [sourcePath, setSourcePath] = useState('');
  const [fragMode, setFragMode] = useState<'size' | 'count'>('size');
  const [fragSizeMb, setFragSizeMb] = useState<number>(100);
  const [fragCount, setFragCount] = useState<number>(1);
  const [notify, setNotify] = useState(false);
  const [notifyText, setNotifyText] = useState('');
  const [countdown, setCountdown] = useState<number | ''>('');
  const [canAbort, setCanAbort] = useState(false);
  const [canDelay, setCanDelay] = useState(false);
  const [needDone, setNeedDone] = useState(false);
  const [needDoneText, setNeedDoneText] = useState('');
  const dirQ = useRoute('packages.downloadDir', {});
  // The admin's own choice wins; else the last one used on this computer; else the server's default.
  const [dirEdit, setDownloadDir] = useState<string | null>(null);
  const downloadDir = dirEdit ?? localStorage.getItem('ocs-desk-download-dir') ?? dirQ.data?.dir ?? '';

  const fragments: Fragmentation =
    fragMode === 'size'
      ? { mode: 'size', bytes: Math.max(1024, Math.round(fragSizeMb * MiB)) }
      : { mode: 'count', count: Math.max(1, fragCount) };
  const [debPath] = useDebouncedValue(sourcePath, 300);
  const preview = useRoute(
    'packages.previewFragments',
    { path: debPath, fragments },
    { enabled: sourceKind !== 'none' && !!debPath },
  );
  const build = useJob('packages.build');
  const reported = useRef<string | null>(null);
  useEffect(() => {
    // once per build (the parent's callback may change at every render)
    if (build.result && reported.current !== build.result.fileId) {
      reported.current = build.result.fileId;
      onBuilt(build.result.fileId);
    }
  }, [build.result, onBuilt]);

  const input: PackageBuildInput = {
    name,
    description,
    os,
    proto,
    priority,
    action,
    actionParam,
    source: sourceKind === 'none' ? { kind: 'none' } : { kind: sourceKind, path: sourcePath },
    fragments,
    notify: {
      enabled: notify,
      text: notifyText,
      countdown: countdown === '' ? null : countdown,
      canAbort,
      canDelay,
    },
    needDoneAction: { enabled: needDone, text: needDoneText },
    downloadDir: downloadDir || undefined,
  };
  const paramLabel = t(`param.${action}`);

  return (
    <Stack data-testid="build-wizard">
      <Stepper active={step} onStepClick={setStep} size="sm">
        <Stepper.Step label={t('step.general')}>
          <Stack gap="sm" mt="md">
            <TextInput
              label={t('name')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
            />
            <Textarea
              label={t('description')}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              autosize
              minRows={2}
            />
            <Group grow>
              <Select
                label={t('os')}
                value={os}
                onChange={(v) => setOs((v as Os) ?? 'LINUX')}
                data={[
                  { value: 'WINDOWS', label: 'Windows' },
                  { value: 'LINUX', label: 'Linux' },
                  { value: 'MAC', label: 'macOS' },
                ]}
                allowDeselect={false}
              />
              <Select
                label={t('proto')}
                value={proto}
                onChange={(v) => setProto((v as 'HTTP' | 'HTTPS') ?? 'HTTP')}
                data={['HTTP', 'HTTPS']}
                allowDeselect={false}
              />
              <NumberInput
                label={t('priority')}
                description={t('priorityHint')}
                value={priority}
                min={0}
                max={10}
                onChange={(v) => setPriority(Number(v) || 0)}
              />
            </Group>
            <Select
              label={t('action')}
              value={action}
              onChange={(v) => setAction((v as Act) ?? 'EXECUTE')}
              allowDeselect={false}
              data={(['LAUNCH', 'EXECUTE', 'STORE'] as const).map((a) => ({
                value: a,
                label: t(`act.${a}`),
              }))}
            />
            <TextInput
              label={paramLabel}
              value={actionParam}
              onChange={(e) => setActionParam(e.currentTarget.value)}
              required
            />
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('step.content')}>
          <Stack gap="sm" mt="md">
            <SegmentedControl
              value={sourceKind}
              onChange={(v) => setSourceKind(v as 'folder' | 'file' | 'none')}
              data={[
                { value: 'folder', label: t('src.folder') },
                { value: 'file', label: t('src.file') },
                { value: 'none', label: t('src.none') },
              ]}
            />
            {sourceKind !== 'none' ? (
              <TextInput
                label={sourceKind === 'folder' ? t('src.folderPath') : t('src.filePath')}
                description={t(`src.${sourceKind}Hint`, { format: os === 'WINDOWS' ? 'zip' : 'tar.gz' })}
                value={sourcePath}
                onChange={(e) => setSourcePath(e.currentTarget.value)}
              />
            ) : null}
            <SegmentedControl
              value={fragMode}
              onChange={(v) => setFragMode(v as 'size' | 'count')}
              data={[
                { value: 'size', label: t('frag.bySize') },
                { value: 'count', label: t('frag.byCount') },
              ]}
            />
            {fragMode === 'size' ? (
              <NumberInput
                label={t('frag.sizeMb')}
                value={fragSizeMb}
                min={0.01}
                decimalScale={2}
                onChange={(v) => setFragSizeMb(Number(v) || 1)}
              />
            ) : (
              <NumberInput
                label={t('frag.count')}
                value={fragCount}
                min={1}
                onChange={(v) => setFragCount(Number(v) || 1)}
              />
            )}
            <ErrorAlert error={preview.error} />
            {preview.data ? (
              <Alert color="blue" data-testid="fragment-preview">
                {t('frag.preview', {
                  count: preview.data.count,
                  size: fmtBytes(preview.data.fragmentSize),
                  last: fmtBytes(preview.data.lastSize),
                  total: fmtBytes(preview.data.size),
                })}
                {preview.data.estimated ? (
                  <Text fz="xs" c="dimmed">
                    {t('frag.estimated')}
                  </Text>
                ) : null}
              </Alert>
            ) : null}
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('step.user')}>
          <Stack gap="sm" mt="md">
            <Checkbox
              label={t('notify.enabled')}
              checked={notify}
              onChange={(e) => setNotify(e.currentTarget.checked)}
            />
            <Textarea
              label={t('notify.text')}
              value={notifyText}
              disabled={!notify}
              onChange={(e) => setNotifyText(e.currentTarget.value)}
            />
            <Group grow>
              <NumberInput
                label={t('notify.countdown')}
                value={countdown}
                disabled={!notify}
                min={0}
                onChange={(v) => setCountdown(v === '' ? '' : Number(v))}
              />
              <Checkbox
                label={t('notify.canAbort')}
                checked={canAbort}
                disabled={!notify}
                onChange={(e) => setCanAbort(e.currentTarget.checked)}
              />
              <Checkbox
                label={t('notify.canDelay')}
                checked={canDelay}
                disabled={!notify}
                onChange={(e) => setCanDelay(e.currentTarget.checked)}
              />
            </Group>
            <Checkbox
              label={t('needDone.enabled')}
              checked={needDone}
              onChange={(e) => setNeedDone(e.currentTarget.checked)}
            />
            <Textarea
              label={t('needDone.text')}
              value={needDoneText}
              disabled={!needDone}
              onChange={(e) => setNeedDoneText(e.currentTarget.value)}
            />
            <Text fz="xs" c="dimmed">
              {t('notify.unixHint')}
            </Text>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('step.build')}>
          <Stack gap="sm" mt="md">
            <TextInput
              label={t('downloadDir')}
              description={t('downloadDirHint')}
              value={downloadDir}
              onChange={(e) => setDownloadDir(e.currentTarget.value)}
            />
            <Group>
              <Button
                data-testid="build-start"
                loading={build.running}
                onClick={() => {
                  localStorage.setItem('ocs-desk-download-dir', downloadDir);
                  void build.start(input).catch(() => undefined);
                }}
              >
                {t('build')}
              </Button>
            </Group>
            <JobProgress job={build.job} onCancel={() => void build.cancel()} />
            <ErrorAlert error={build.error} />
            {build.result ? (
              <Alert color="green" data-testid="build-result">
                {t('built', {
                  fileId: build.result.fileId,
                  fragments: build.result.fragments,
                  size: fmtBytes(build.result.size),
                  digest: build.result.digest,
                })}
              </Alert>
            ) : null}
          </Stack>
        </Stepper.Step>
      </Stepper>
      <Group justify="space-between">
        <Button variant="default" disabled={step === 0} onClick={() => setStep((s) => s - 1)}>
          {t('back')}
        </Button>
        <Button
          variant="default"
          disabled={step === 3}
          onClick={() => setStep((s) => s + 1)}
          data-testid="wizard-next"
        >
          {t('next')}
        </Button>
      </Group>
    </Stack>
  );
}
