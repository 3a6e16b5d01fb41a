import type { ImportFileResult, ImportSummary as Summary } from '@shared/contract/import';
import { Alert, Badge, Button, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDownload, IconMinus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { DataGrid, type GridColumn } from '../../components/data-grid/data-grid';
import { ErrorAlert } from '../../components/error-alert/error-alert';

function download(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The one-line count, e.g. "12 imported, 2 errors" (plurals per language). */
export function summaryLine(t: (k: string, o?: Record<string, unknown>) => string, s: Pick<Summary, 'imported' | 'failed'>): string {
  return t('summary.line', {
    imported: t('summary.imported', { count: s.imported }),
    errors: t('summary.errors', { count: s.failed }),
  });
}

function StatusBadge({ status }: { status: ImportFileResult['status'] }) {
  const { t } = useTranslation('import');
  // Status by icon + text, never by colour alone.
  const icon =
    status === 'imported' ? <IconCircleCheck size={14} aria-hidden /> : status === 'failed' ? <IconAlertTriangle size={14} aria-hidden /> : <IconMinus size={14} aria-hidden />;
  return (
    <Badge variant="light" color={status === 'imported' ? 'green' : status === 'failed' ? 'red' : 'gray'} leftSection={icon} data-status={status}>
      {t(`summary.status.${status}`)}
    </Badge>
  );
}

/** "N imported, M errors", the reason per file, and the JSON/CSV report of the job (`import.report`). */
export function ImportSummary({ summary, jobId }: { summary: Summary; jobId: string }) {
  const { t } = useTranslation('import');
  const [onlyErrors, setOnlyErrors] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const index = new Map(summary.files.map((f, i) => [f, i]));
  const rows = onlyErrors ? summary.files.filter((f) => f.status !== 'imported') : summary.files;
  const exportAs = async (format: 'json' | 'csv') => {
    setExportError(null);
    try {
      const r = await call('import.report', { jobId, format });
      download(r.content, r.fileName, `${r.mimeType};charset=utf-8`);
    } catch (e) {
      setExportError(e);
    }
  };
  const reasonText = (f: ImportFileResult) => (f.reason ? t(`reason.${f.reason}`, { defaultValue: f.reason }) : '');
  const columns: GridColumn<ImportFileResult>[] = [
    { id: 'status', header: t('summary.col.status'), width: 120, render: (f) => <StatusBadge status={f.status} /> },
    {
      id: 'file',
      header: t('summary.col.file'),
      width: 380,
      render: (f) => (
        <Text size="sm" truncate="start" title={f.path}>
          {f.path}
        </Text>
      ),
    },
    {
      id: 'deviceId',
      header: t('summary.col.deviceId'),
      width: 260,
      render: (f) => (
        <Text size="sm" truncate="end" title={f.deviceId ?? undefined}>
          {f.deviceId ?? '—'}
        </Text>
      ),
    },
    {
      id: 'action',
      header: t('summary.col.action'),
      width: 190,
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
    {
      id: 'reason',
      header: t('summary.col.reason'),
      width: 420,
      render: (f) =>
        f.reason ? (
          <Text size="sm" truncate="end" title={f.message ?? f.reason} data-reason={f.reason}>
            {reasonText(f)}
            {f.message ? <Text span size="sm" c="dimmed">{` · ${f.message}`}</Text> : null}
          </Text>
        ) : (
          ''
        ),
    },
  ];
  const height = Math.min(480, 40 + Math.max(rows.length, 1) * 36);
  return (
    <Stack gap="sm" data-testid="import-summary">
      <Group justify="space-between" align="center">
        <Title order={3}>{t('summary.title')}</Title>
        <Group gap="xs">
          <Button variant="default" size="xs" leftSection={<IconDownload size={14} aria-hidden />} onClick={() => void exportAs('csv')}>
            {t('summary.exportCsv')}
          </Button>
          <Button variant="default" size="xs" leftSection={<IconDownload size={14} aria-hidden />} onClick={() => void exportAs('json')}>
            {t('summary.exportJson')}
          </Button>
        </Group>
      </Group>
      <Alert
        color={summary.failed ? 'orange' : 'green'}
        variant="light"
        icon={summary.failed ? <IconAlertTriangle aria-hidden /> : <IconCircleCheck aria-hidden />}
        title={summaryLine(t, summary)}
        data-testid="import-count"
      >
        {summary.cancelled ? <Text size="sm">{t('summary.cancelled', { count: summary.notProcessed })}</Text> : null}
        {summary.files.length === 0 ? <Text size="sm">{t('summary.noFiles')}</Text> : null}
      </Alert>
      <ErrorAlert error={exportError} />
      {summary.files.length ? (
        <>
          <Switch label={t('summary.onlyErrors')} checked={onlyErrors} onChange={(e) => setOnlyErrors(e.currentTarget.checked)} />
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
