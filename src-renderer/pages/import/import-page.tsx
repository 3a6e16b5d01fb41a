import {
  IMPORT_LIMITS,
  type ImportMode,
  type ImportOrder,
  type ImportRunInput,
  type ImportSummary as Summary,
} from '@shared/contract/import';
import {
  Button,
  Card,
  Group,
  NumberInput,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileImport } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useJob } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { JobProgress } from '../../components/job-progress/job-progress';
import { DropZone, UploadProgress } from './drop-zone';
import classes from './import.module.css';
import { ImportSummary, summaryLine } from './import-summary';
import { uploadFiles, type FileUploadState } from './upload';

const RESULT_ID = 'import-result';
const RESULT_NOTIFICATION = 'import-result-notification';

/** Local import of agent `.ocs` files (Administrator): offline or through the comm server, paths or drag and drop. */
export default function ImportPage() {
  const { t } = useTranslation('import');
  const job = useJob('import.run');
  const [mode, setMode] = useState<ImportMode>('offline');
  const [serverUrl, setServerUrl] = useState('');
  const [concurrency, setConcurrency] = useState<string | number>('');
  const [timeoutSeconds, setTimeoutSeconds] = useState<string | number>('');
  const [order, setOrder] = useState<ImportOrder>('file');
  // Server mode: one file at a time, the only level measured safe against the comm server 2.8.1.
  const maxConcurrency =
    mode === 'server' ? IMPORT_LIMITS.serverMaxConcurrency : IMPORT_LIMITS.offlineMaxConcurrency;
  const [paths, setPaths] = useState('');
  const [uploads, setUploads] = useState<FileUploadState[]>([]);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const notified = useRef<string | null>(null);

  const busy = job.running || uploading;
  const summary = job.job?.state === 'succeeded' ? (job.job.result as Summary) : null;

  // End of the job: the start notification becomes the result (errors stay until closed).
  const state = job.job?.state;
  const jobId = job.job?.jobId;
  useEffect(() => {
    if (
      !jobId ||
      notified.current !== jobId ||
      !state ||
      !['succeeded', 'failed', 'cancelled'].includes(state)
    )
      return;
    notified.current = null;
    const failed = state !== 'succeeded' || (summary?.failed ?? 0) > 0;
    // One result notification at a time (a new import replaces the previous one), only once the work
    // has ended: while it runs, its progress is on this page and in the Tasks drawer, nowhere else.
    notifications.hide(RESULT_NOTIFICATION);
    notifications.show({
      id: RESULT_NOTIFICATION,
      color: state === 'succeeded' ? (failed ? 'orange' : 'green') : 'red',
      title: state === 'succeeded' ? t('job.done') : t('job.failed'),
      message: (
        <Stack gap={4} align="flex-start">
          {summary ? (
            <Text size="sm" c="var(--mantine-color-text)">
              {summaryLine(t, summary)}
            </Text>
          ) : null}
          <Button
            size="compact-xs"
            variant="subtle"
            color="blue.9"
            onClick={() => document.getElementById(RESULT_ID)?.scrollIntoView({ behavior: 'smooth' })}
          >
            {t('job.viewResult')}
          </Button>
        </Stack>
      ),
      autoClose: failed ? false : 6000,
      closeButtonProps: { 'aria-label': t('common:action.close') },
    });
  }, [state, jobId, summary, t]);

  const run = async (input: Pick<ImportRunInput, 'paths' | 'uploadId'>) => {
    const id = await job.start({
      ...input,
      mode,
      serverUrl: mode === 'server' && serverUrl.trim() ? serverUrl.trim() : undefined,
      concurrency: typeof concurrency === 'number' ? Math.min(concurrency, maxConcurrency) : undefined,
      timeoutSeconds: mode === 'server' && typeof timeoutSeconds === 'number' ? timeoutSeconds : undefined,
      order,
    });
    notified.current = id;
    notifications.hide(RESULT_NOTIFICATION);
  };

  const startPaths = () => {
    const list = paths
      .split(/\r?\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    if (list.length) void run({ paths: list }).catch(() => undefined);
  };

  const startUpload = async (files: File[]) => {
    const ctl = new AbortController();
    abort.current = ctl;
    setUploadError(null);
    job.reset();
    setUploads(files.map((f) => ({ name: f.name, size: f.size, sent: 0 })));
    setUploading(true);
    try {
      const uploadId = await uploadFiles(
        files,
        (index, sent) => setUploads((prev) => prev.map((u, i) => (i === index ? { ...u, sent } : u))),
        ctl.signal,
      );
      setUploading(false);
      await run({ paths: [], uploadId });
    } catch (e) {
      setUploading(false);
      if (!ctl.signal.aborted) setUploadError(e);
    } finally {
      abort.current = null;
    }
  };

  const defaultConcurrency =
    mode === 'server' ? IMPORT_LIMITS.serverDefaultConcurrency : IMPORT_LIMITS.offlineDefaultConcurrency;
  const { min: minTimeout, max: maxTimeout, default: defaultTimeout } = IMPORT_LIMITS.timeoutSeconds;
  return (
    <Stack maw={1200} className={classes.page}>
      <Title order={2}>{t('title')}</Title>
      <Text size="sm" c="dimmed">
        {t('intro')}
      </Text>
      <Card withBorder>
        <Stack gap="sm">
          <Title order={3} size="h4">
            {t('options.title')}
          </Title>
          <Radio.Group label={t('options.mode')} value={mode} onChange={(v) => setMode(v as ImportMode)}>
            <Stack gap="xs" mt={4}>
              <Radio
                value="offline"
                label={t('options.offline')}
                description={t('options.offlineHelp')}
                disabled={busy}
              />
              <Radio
                value="server"
                label={t('options.server')}
                description={t('options.serverHelp')}
                disabled={busy}
              />
            </Stack>
          </Radio.Group>
          <Group align="flex-start" grow preventGrowOverflow={false}>
            {mode === 'server' ? (
              <TextInput
                label={t('options.serverUrl')}
                description={t('options.serverUrlHelp')}
                placeholder="http://localhost:80/ocsinventory"
                value={serverUrl}
                onChange={(e) => setServerUrl(e.currentTarget.value)}
                disabled={busy}
              />
            ) : null}
            <NumberInput
              label={t('options.concurrency')}
              description={t('options.concurrencyHelp', { count: defaultConcurrency, max: maxConcurrency })}
              placeholder={String(defaultConcurrency)}
              min={1}
              max={maxConcurrency}
              clampBehavior="strict"
              allowDecimal={false}
              value={concurrency}
              onChange={setConcurrency}
              disabled={busy || maxConcurrency === 1}
              maw={320}
            />
            {mode === 'server' ? (
              <NumberInput
                label={t('options.timeout')}
                description={t('options.timeoutHelp', {
                  count: defaultTimeout,
                  min: minTimeout,
                  max: maxTimeout,
                })}
                placeholder={String(defaultTimeout)}
                min={minTimeout}
                max={maxTimeout}
                clampBehavior="blur"
                allowDecimal={false}
                value={timeoutSeconds}
                onChange={setTimeoutSeconds}
                disabled={busy}
                maw={320}
                data-testid="import-timeout"
              />
            ) : null}
          </Group>
          <Radio.Group
            label={t('options.order')}
            description={t('options.orderHelp')}
            value={order}
            onChange={(v) => setOrder(v as ImportOrder)}
            data-testid="import-order"
          >
            <Stack gap="xs" mt={4}>
              <Radio value="file" label={t('options.orderFile')} disabled={busy} />
              <Radio value="inventory-date" label={t('options.orderDate')} disabled={busy} />
            </Stack>
          </Radio.Group>
        </Stack>
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t('paths.title')}
            </Title>
            <Textarea
              label={t('paths.label')}
              description={t('paths.help')}
              placeholder={t('paths.placeholder')}
              autosize
              minRows={3}
              maxRows={10}
              value={paths}
              onChange={(e) => setPaths(e.currentTarget.value)}
              data-testid="import-paths"
            />
            <Button
              leftSection={<IconFileImport size={16} aria-hidden />}
              w="fit-content"
              color="blue.8"
              disabled={busy || !paths.trim()}
              onClick={startPaths}
              data-testid="import-start"
            >
              {t('paths.start')}
            </Button>
          </Stack>
        </Card>
        <Card withBorder>
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t('drop.title')}
            </Title>
            <DropZone disabled={busy} onFiles={(f) => void startUpload(f)} />
            <UploadProgress files={uploads} onCancel={uploading ? () => abort.current?.abort() : undefined} />
          </Stack>
        </Card>
      </SimpleGrid>
      <ErrorAlert error={uploadError} />
      <ErrorAlert error={job.error} />
      {job.job ? (
        <Card withBorder data-testid="import-progress">
          <JobProgress job={job.job} onCancel={() => void job.cancel()} label={t('job.label')} />
        </Card>
      ) : null}
      {summary && job.job ? (
        <div id={RESULT_ID}>
          <ImportSummary summary={summary} jobId={job.job.jobId} />
        </div>
      ) : null}
    </Stack>
  );
}
