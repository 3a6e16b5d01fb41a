import type { BackupPurpose, BackupSummary } from '@shared/contract/backup';
import { Alert, Paper, Stack, Text } from '@mantine/core';
import { IconDatabaseExport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useJob, useRoute } from '../../api/hooks';
import { useSession } from '../../app-shell/use-session';
import { formatBytes } from '../../pages/import/upload';
import { ErrorAlert } from '../error-alert/error-alert';
import { JobProgress } from '../job-progress/job-progress';
import { RightButton } from '../right-gate/right-gate';

/**
 * The "back up first" offer inside a destructive job's confirmation (duplicate merge, mass delete, schema
 * upgrade): one click backs up the tables the job may change (backup.plan) to the default backup folder,
 * with progress and cancel; the confirmation itself stays the operator's choice. A backup holds every
 * computer, so it needs `configure` and an operator without a TAG restriction (as the Backup screen).
 */
export function BackupFirst({ purpose }: { purpose: BackupPurpose }) {
  const { t, i18n } = useTranslation('backup');
  const { operator } = useSession();
  const plan = useRoute('backup.plan', { purpose });
  const job = useJob('backup.create');
  const done = job.result as BackupSummary | undefined;
  const restricted = !!operator && operator.tags !== null;
  const p = plan.data;
  const size = p ? formatBytes(p.estimatedBytes, i18n.language) : '…';
  const what =
    p?.tables === null
      ? t('first.wholeDatabase', { size })
      : t('first.tables', { count: p?.count ?? 0, size });
  return (
    <Paper withBorder p="sm" data-testid="backup-first">
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          {t('first.title')}
        </Text>
        <Text size="sm">{what}</Text>
        <ErrorAlert error={plan.error ?? job.error} />
        {done ? (
          <Alert color="green" variant="light" data-testid="backup-first-done">
            <Text size="sm">{t('first.done')}</Text>
            <Text size="sm" style={{ wordBreak: 'break-all' }} data-testid="backup-first-file">
              {done.file}
            </Text>
          </Alert>
        ) : job.job ? (
          <JobProgress job={job.job} onCancel={() => void job.cancel()} label={t('first.progress')} />
        ) : restricted ? (
          <Text size="sm" c="dimmed">
            {t('first.restricted')}
          </Text>
        ) : (
          <RightButton
            right="configure"
            variant="default"
            leftSection={<IconDatabaseExport size={16} aria-hidden />}
            disabled={!p}
            onClick={() =>
              void job
                .start({ tables: p?.tables ?? undefined, reason: `before ${purpose}` })
                .then(undefined, () => undefined)
            }
            data-testid="backup-first-start"
          >
            {t('first.button')}
          </RightButton>
        )}
      </Stack>
    </Paper>
  );
}
