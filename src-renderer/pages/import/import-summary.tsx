import type { ImportFileResult, ImportSummary as Summary } from '@shared/contract/import';
import { Alert, Button, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDownload, IconMinus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { DataGrid, type GridColumn } from '../../components/data-grid/data-grid';
import { downloadText } from '../../components/download-text';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import classes from './import.module.css';

/** The one-line count, e.g. "12 imported, 2 errors" (plurals per language). */
export function summaryLine(
  t: (k: string, o?: Record<string, unknown>) => string,
  s: Pick<Summary, 'imported' | 'failed'>,
): string {
  return t('summary.line', {
    imported: t('summary.imported', { count: s.imported }),
    errors: t('summary.errors', { count: s.failed }),
  });
}

function StatusCell({ status }: { status: ImportFileResult['status'] }) {
  const { t } = useTranslation('import');
  // Status by icon + text, never by colour alone.
  const Icon = status === 'imported' ? IconCircleCheck : status === 'failed' ? IconAlertTriangle : IconMinus;
  return (
    <Group gap={6} wrap="nowrap" data-status={status}>
      <Icon
        size={16}
        aria-hidden
        className={
          status === 'imported' ? classes.okIcon : status === 'failed' ? classes.errorIcon : undefined
        }
      />
      <Text size="sm" fw={status === 'failed' ? 600 : undefined}>
        {t(`summary.status.${status}`)}
      </Text>
    </Group>
  );
}

/** The backend's English message without the path it starts with (the row shows it) and without the bare reason. */
function detailOf(f: ImportFileResult): string {
  let m = f.message ?? '';
  if (m.startsWith(`${f.path}: `)) m = m.slice(f.path.length + 2);
  return m === f.reason ? '' : m;
}

/** Longest common folder of the files, so the grid shows short relative paths. */
function commonFolder(paths: string[]): string {
  if (paths.length === 0) return '';
  const split = paths.map((p) => p.split('/').slice(0, -1));
  const first = split[0]!;
  let n = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < n && parts[i] === first[i]) i++;
    n = i;
  }
  return n > 1 ? first.slice(0, n).join('/') + '/' : '';
}

/** "N imported, M errors", the reason per file, and the JSON/CSV report of the job (`import.report`). */
export function ImportSummary({ summary, jobId }: { summary: Summary; jobId: string }) {
  const { t } = useTranslation('import');
  const [onlyErrors, setOnlyErrors] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const folder = commonFolder(summary.files.map((f) => f.path));
  const index = new Map(summary.files.map((f, i) => [f, i]));
  const rows = onlyErrors ? summary.files.filter((f) => f.status !== 'imported') : summary.files;
  const exportAs = async (format: 'json' | 'csv') => {
    setExportError(null);
    try {
      const r = await call('import.report', { jobId, format });
      downloadText(r.content, r.fileName, `${r.mimeType};charset=utf-8`);
    } catch (e) {
      setExportError(e);
    }
  };
  const reasonText = (f: ImportFileResult) =>
    f.reason ? t(`reason.${f.reason}`, { defaultValue: f.reason }) : '';
  const columns: GridColumn<ImportFileResult>[] = [
    {
      id: 'status',
      header: t('summary.col.status'),
      width: 110,
      render: (f) => <StatusCell status={f.status} />,
    },
    {
      id: 'file',
      header: t('summary.col.file'),
      width: 280,
      render: (f) => (
        <Text size="sm" truncate="end" title={f.path}>
          {f.path.startsWith(folder) ? f.path.slice(folder.length) : f.path}
        </Text>
      ),
    },
    {
      id: 'reason',
      header: t('summary.col.reason'),
      width: 340,
      render: (f) =>
        f.reason ? (
          <Text size="sm" truncate="end" title={f.message ?? f.reason} data-reason={f.reason}>
            {reasonText(f)}
            {detailOf(f) ? <Text span size="sm" c="dimmed">{` · ${detailOf(f)}`}</Text> : null}
          </Text>
        ) : (
          ''
        ),
    },
    {
      id: 'deviceId',
      header: t('summary.col.deviceId'),
      width: 230,
      render: (f) => (
        <Text size="sm" truncate="end" title={f.deviceId ?? undefined}>
          {f.deviceId ?? '—'}
        </Text>
      ),
    },
    {
      id: 'action',
      header: t('summary.col.action'),
      width: 140,
      render: (f) =>
        f.action ? (
          <Text size="sm">
            {t(`summary.action.${f.action}`, { id: f.hardwareId })}
            {f.merged.length ? ` · ${t('summary.action.merged', { count: f.merged.length })}` : ''}
          </Text>
        ) : (
          '—'
        ),
    },
  ];
  const height = Math.min(480, 40 + Math.max(rows.length, 1) * 36);
  return (
    <Stack gap="sm" data-testid="import-summary">
      <Group justify="space-between" align="center">
        <Title order={3}>{t('summary.title')}</Title>
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            leftSection={<IconDownload size={14} aria-hidden />}
            onClick={() => void exportAs('csv')}
          >
            {t('summary.exportCsv')}
          </Button>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconDownload size={14} aria-hidden />}
            onClick={() => void exportAs('json')}
          >
            {t('summary.exportJson')}
          </Button>
        </Group>
      </Group>
      <Alert
        color={summary.failed ? 'orange' : 'green'}
        variant="light"
        icon={summary.failed ? <IconAlertTriangle aria-hidden /> : <IconCircleCheck aria-hidden />}
        title={summaryLine(t, summary)}
        classNames={{ title: classes.alertTitle }}
        data-testid="import-count"
      >
        {folder ? <Text size="sm">{t('summary.folder', { folder })}</Text> : null}
        {summary.cancelled ? (
          <Text size="sm">{t('summary.cancelled', { count: summary.notProcessed })}</Text>
        ) : null}
        {summary.files.length === 0 ? <Text size="sm">{t('summary.noFiles')}</Text> : null}
      </Alert>
      <ErrorAlert error={exportError} />
      {summary.files.length ? (
        <>
          <Switch
            label={t('summary.onlyErrors')}
            checked={onlyErrors}
            onChange={(e) => setOnlyErrors(e.currentTarget.checked)}
          />
          <DataGrid
            label={t('summary.table')}
            columns={columns}
            rows={rows}
            rowKey={(f) => index.get(f) ?? f.path}
            total={rows.length}
            height={height}
            testId="import-files"
          />
        </>
      ) : null}
    </Stack>
  );
}
