import type { JobInfo } from '@shared/contract/jobs';
import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FINISHED } from '../../api/hooks';

/** Current time, refreshed every second while `active` (rate and ETA). */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

/** done/total, rate and ETA, current item, Cancel (confirmed; "Cancelling…" until the job says cancelled). */
export function JobProgress({
  job,
  onCancel,
  label,
}: {
  job: JobInfo | null;
  onCancel?: () => void;
  label?: string;
}) {
  const { t } = useTranslation('common');
  const [cancelledJob, setCancelledJob] = useState<string | null>(null);
  const running = !!job && !FINISHED.includes(job.state);
  const now = useNow(running);
  if (!job) return null;
  const cancelling = running && cancelledJob === job.jobId;
  const elapsed = (now - Date.parse(job.startedAt)) / 1000;
  const rate = running && elapsed > 1 ? job.done / elapsed : null;
  const pct = job.total ? Math.min(100, (job.done / job.total) * 100) : running ? 100 : 100;
  const eta = rate && rate > 0 && job.total ? Math.max(0, Math.round((job.total - job.done) / rate)) : null;
  return (
    <Stack gap={4} aria-live="polite">
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {label ?? t(`job.state.${job.state}`)}
        </Text>
        <Text size="sm" c="dimmed" data-testid="job-count">
          {job.total !== null
            ? t('job.count', { done: job.done, total: job.total })
            : t('job.countUnknown', { done: job.done })}
          {rate !== null && running ? ` · ${t('job.rate', { rate: rate.toFixed(1) })}` : ''}
          {eta !== null && running ? ` · ${t('job.eta', { seconds: eta })}` : ''}
        </Text>
      </Group>
      {/* The section carries role=progressbar and its values; it gets the name here. */}
      <Progress.Root>
        <Progress.Section
          value={pct}
          animated={running && job.total === null}
          striped={running}
          color={job.state === 'failed' ? 'red' : job.state === 'cancelled' ? 'gray' : 'blue'}
          aria-label={label ?? t('job.progress')}
        />
      </Progress.Root>
      <Group justify="space-between">
        <Text size="xs" c="dimmed" truncate="end" maw="80%" data-testid="job-note">
          {job.note ?? ''}
        </Text>
        {running && onCancel ? (
          <Button
            size="compact-sm"
            variant="light"
            color="red"
            disabled={cancelling}
            onClick={() =>
              // Stopping work is asked, never done by a stray key: Escape or a click outside keeps it running.
              modals.openConfirmModal({
                title: t('job.stopTitle'),
                children: <Text size="sm">{t('job.stopMessage', { what: label ?? t('job.task') })}</Text>,
                labels: { confirm: t('job.stop'), cancel: t('job.keepRunning') },
                confirmProps: { color: 'red.8', 'data-testid': 'job-stop-confirm' },
                cancelProps: { 'data-autofocus': true },
                closeButtonProps: { 'aria-label': t('action.close') },
                onConfirm: () => {
                  setCancelledJob(job.jobId);
                  onCancel();
                },
              })
            }
          >
            {cancelling ? t('action.cancelling') : t('action.cancel')}
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}
