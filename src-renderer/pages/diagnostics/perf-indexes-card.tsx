import type { PerfIndex } from '@shared/contract/computers';
import { Alert, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconCircleCheck, IconCircleDashed } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useJob, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { JobProgress } from '../../components/job-progress/job-progress';
import {
  estimateOf,
  formatBytes,
  formatSeconds,
  missingIndexes,
} from '../../components/perf-indexes/perf-indexes';
import { WhoCanFix } from '../../components/perf-indexes/who-can-fix';
import { RightButton, useRight } from '../../components/right-gate/right-gate';

/** What an index speeds up, in the operator's language (the route's English text as a fallback). */
function useReason() {
  const { t } = useTranslation('indexes');
  return (i: PerfIndex) => t(`reason.${i.name}`, { defaultValue: i.reason });
}

/**
 * "Optional indexes": status of each `ocsdesk_*` index, what it speeds up, estimated build time and disk,
 * create / drop as a cancellable job with progress, and who can do it when this operator cannot.
 */
export function PerfIndexesCard() {
  const { t, i18n } = useTranslation('indexes');
  const lang = i18n.language;
  const reason = useReason();
  const qc = useQueryClient();
  const report = useRoute('computers.perfIndexes', {});
  const right = useRight('configure');
  const create = useJob('computers.createPerfIndexes');
  const drop = useJob('computers.dropPerfIndexes');
  const job = create.job ?? drop.job;
  const running = create.running || drop.running;
  const finishedState = job?.state;

  // After a job ends (done, failed or cancelled) the status and every plan-dependent page are stale.
  useEffect(() => {
    if (finishedState && finishedState !== 'queued' && finishedState !== 'running') {
      void qc.invalidateQueries({ queryKey: ['computers.perfIndexes'] });
      void qc.invalidateQueries({ queryKey: ['computers.list'] });
      void qc.invalidateQueries({ queryKey: ['search.run'] });
    }
  }, [finishedState, qc]);

  const r = report.data;
  // Reached from the proposal or the slow-page hint (`/diagnostics#indexes`): bring the card into view.
  const { hash } = useLocation();
  const loaded = !!r;
  useEffect(() => {
    if (hash === '#indexes' && loaded) document.getElementById('indexes')?.scrollIntoView();
  }, [hash, loaded]);
  const missing = missingIndexes(r);
  const present = r ? r.indexes.filter((i) => i.present) : [];
  const est = estimateOf(missing);

  const startCreate = () => {
    drop.reset();
    void create.start({}).catch(() => undefined);
  };
  const confirmDrop = () =>
    modals.openConfirmModal({
      title: t('drop.title'),
      children: <Text size="sm">{t('drop.message')}</Text>,
      labels: { confirm: t('drop.confirm'), cancel: t('common:action.cancel') },
      confirmProps: { color: 'red.8', 'data-testid': 'indexes-drop-confirm' },
      cancelProps: { 'data-autofocus': true },
      closeButtonProps: { 'aria-label': t('common:action.close') },
      onConfirm: () => {
        create.reset();
        void drop.start({}).catch(() => undefined);
      },
    });

  return (
    <Card withBorder id="indexes" data-testid="indexes-card">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          {t('title')}
        </Title>
        {report.isFetching ? <Loader size="xs" role="status" aria-label={t('checking')} /> : null}
      </Group>
      <Stack gap="sm">
        <Text size="sm">{t('intro')}</Text>
        <ErrorAlert error={report.error} />
        {r ? (
          <>
            <Table.ScrollContainer minWidth={640}>
              <Table striped withTableBorder data-testid="indexes-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('col.index')}</Table.Th>
                    <Table.Th>{t('col.speedsUp')}</Table.Th>
                    <Table.Th>{t('col.status')}</Table.Th>
                    <Table.Th>{t('col.time')}</Table.Th>
                    <Table.Th>{t('col.disk')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.indexes.map((i) => (
                    <Table.Tr key={i.name} data-testid={`index-${i.name}`} data-present={i.present}>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {i.table}.{i.name}
                        </Text>
                        <Text size="xs">({i.columns.join(', ')})</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{reason(i)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          {i.present ? (
                            <IconCircleCheck size={16} aria-hidden color="var(--mantine-color-green-7)" />
                          ) : (
                            <IconCircleDashed size={16} aria-hidden />
                          )}
                          <Text size="sm">{i.present ? t('status.present') : t('status.missing')}</Text>
                        </Group>
                      </Table.Td>
                      <Table.Td>{formatSeconds(i.estimatedSeconds ?? 0, lang)}</Table.Td>
                      <Table.Td>{formatBytes(i.estimatedBytes ?? 0, lang)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text size="sm" data-testid="indexes-summary">
              {missing.length
                ? t('summary.missing', {
                    count: missing.length,
                    time: formatSeconds(est.seconds, lang),
                    disk: formatBytes(est.bytes, lang),
                  })
                : t('summary.allPresent')}
            </Text>
            <Text size="xs">{t('ocsIgnores')}</Text>
            {r.canChange && right.allowed ? null : (
              <Alert
                variant="light"
                color="gray"
                title={t('blocked.title')}
                styles={{
                  title: { color: 'var(--mantine-color-text)' },
                  message: { color: 'var(--mantine-color-text)' },
                }}
              >
                <WhoCanFix report={r} />
              </Alert>
            )}
            <Group>
              <RightButton
                right="configure"
                disabled={!r.canChange || missing.length === 0 || running}
                loading={create.running}
                onClick={startCreate}
              >
                {missing.length ? t('create', { count: missing.length }) : t('createNone')}
              </RightButton>
              <RightButton
                right="configure"
                variant="default"
                color="red"
                disabled={!r.canChange || present.length === 0 || running}
                loading={drop.running}
                onClick={confirmDrop}
              >
                {t('drop.button')}
              </RightButton>
            </Group>
          </>
        ) : null}
        <JobProgress
          job={job}
          label={create.job ? t('progress.create') : t('progress.drop')}
          onCancel={() => void (create.job ? create.cancel() : drop.cancel())}
        />
        <ErrorAlert error={create.error ?? drop.error} />
        {create.result ? (
          <Text size="sm" data-testid="indexes-created">
            {t('done.created', { count: create.result.created.length })}
          </Text>
        ) : null}
        {drop.result ? (
          <Text size="sm" data-testid="indexes-dropped">
            {t('done.dropped', { count: drop.result.dropped.length })}
          </Text>
        ) : null}
        {job?.state === 'cancelled' ? (
          <Text size="sm" data-testid="indexes-cancelled">
            {t('done.cancelled')}
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}
