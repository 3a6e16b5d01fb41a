import type { DuplicateCriterion, DuplicateGroup, MergeResult } from '@shared/contract/duplicates';
import { Alert, Anchor, Badge, Checkbox, Group, Pagination, Stack, Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconArrowMerge } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RightButton } from '../../components/right-gate/right-gate';
import { Link } from 'react-router';
import { useJob, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { JobProgress } from '../../components/job-progress/job-progress';
import classes from './duplicates.module.css';
import { BackupFirst } from '../../components/backup-first/backup-first';

const PAGE_SIZE = 50;

/** The groups of one criterion (computers of each group below its header row), selection and merge. */
export function GroupsPanel({ criterion, isAdmin }: { criterion: DuplicateCriterion; isAdmin: boolean }) {
  const { t, i18n } = useTranslation(['duplicates', 'common']);
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Map<string, number[]>>(new Map());
  const groups = useRoute(
    'duplicates.groups',
    { criterion, page, pageSize: PAGE_SIZE },
    { keepPrevious: true },
  );
  const job = useJob('duplicates.merge');
  const result = job.result as MergeResult | undefined;
  const fmt = new Intl.NumberFormat(i18n.language);
  const rows = groups.data?.rows ?? [];
  const total = groups.data?.total ?? 0;

  const finished =
    job.job && ['succeeded', 'failed', 'cancelled'].includes(job.job.state) ? job.job.jobId : null;
  useEffect(() => {
    if (finished) {
      void qc.invalidateQueries({ queryKey: ['duplicates.summary'] });
      void qc.invalidateQueries({ queryKey: ['duplicates.groups'] });
      void qc.invalidateQueries({ queryKey: ['computers.list'] });
      void qc.invalidateQueries({ queryKey: ['computers.total'] });
    }
  }, [finished, qc]);

  const toggle = (g: DuplicateGroup, on: boolean) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (on)
        next.set(
          g.key,
          g.computers.map((c) => c.id),
        );
      else next.delete(g.key);
      return next;
    });
  const allOnPage = rows.length > 0 && rows.every((g) => selected.has(g.key));
  const removedCount = [...selected.values()].reduce((n, ids) => n + ids.length - 1, 0);

  const askMerge = () =>
    modals.openConfirmModal({
      title: t('merge.confirmTitle', { count: selected.size, n: fmt.format(selected.size) }),
      children: (
        <Stack gap="sm">
          <Text size="sm">
            {t('merge.confirmText', { count: removedCount, n: fmt.format(removedCount) })}
          </Text>
          <BackupFirst purpose="duplicates.merge" />
        </Stack>
      ),
      labels: {
        confirm: t('merge.button', { count: selected.size, n: fmt.format(selected.size) }),
        cancel: t('common:action.cancel'),
      },
      confirmProps: { color: 'red.9', 'data-testid': 'confirm-merge' } as Record<string, string>,
      closeButtonProps: { 'aria-label': t('common:action.close') },
      onConfirm: () => {
        job.reset();
        const groups = [...selected.values()];
        setSelected(new Map());
        void job.start({ groups }).then(undefined, () => undefined);
      },
    });

  return (
    <Stack>
      <Group justify="space-between">
        <Text fw={600} data-testid="groups-total">
          {t('groupsOf', { count: total, n: fmt.format(total), criterion: t(`criterion.${criterion}`) })}
        </Text>
        <RightButton
          right="mergeDuplicates"
          leftSection={<IconArrowMerge size={16} aria-hidden />}
          disabled={selected.size === 0 || job.running}
          onClick={askMerge}
          data-testid="merge-button"
        >
          {t('merge.button', { count: selected.size, n: fmt.format(selected.size) })}
        </RightButton>
      </Group>
      <ErrorAlert error={groups.error ?? job.error} />
      {job.job ? (
        <JobProgress job={job.job} onCancel={() => void job.cancel()} label={t('merge.progress')} />
      ) : null}
      {result ? (
        <Alert color={result.skipped.length ? 'yellow' : 'green'} data-testid="merge-result">
          {t('merge.done', { count: result.merged, n: fmt.format(result.merged) })}{' '}
          {t('merge.removed', { count: result.removed, n: fmt.format(result.removed) })}
          {result.skipped.length ? ` ${t('merge.skipped', { count: result.skipped.length })}` : ''}
        </Alert>
      ) : null}
      {rows.length === 0 && !groups.isLoading ? <Text c="dimmed">{t('noGroups')}</Text> : null}
      {rows.length > 0 ? (
        <Table.ScrollContainer minWidth={760}>
          <Table data-testid="groups-table" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>
                  {isAdmin ? (
                    <Checkbox
                      aria-label={t('selectPage')}
                      checked={allOnPage}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        for (const g of rows) toggle(g, on);
                      }}
                    />
                  ) : null}
                </Table.Th>
                <Table.Th>{t('col.name')}</Table.Th>
                <Table.Th>{t('col.serial')}</Table.Th>
                <Table.Th>{t('col.mac')}</Table.Th>
                <Table.Th>{t('col.lastDate')}</Table.Th>
                <Table.Th>{t('col.lastCome')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((g) => (
                <GroupRows
                  key={g.key}
                  g={g}
                  isAdmin={isAdmin}
                  checked={selected.has(g.key)}
                  onToggle={toggle}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {total > PAGE_SIZE ? (
        <Pagination
          total={Math.ceil(total / PAGE_SIZE)}
          value={page}
          onChange={setPage}
          getControlProps={(c) => ({ 'aria-label': t(`pager.${c}`) })}
        />
      ) : null}
    </Stack>
  );
}

function GroupRows({
  g,
  isAdmin,
  checked,
  onToggle,
}: {
  g: DuplicateGroup;
  isAdmin: boolean;
  checked: boolean;
  onToggle: (g: DuplicateGroup, on: boolean) => void;
}) {
  const { t } = useTranslation('duplicates');
  return (
    <>
      <Table.Tr className={classes.groupRow} data-group={g.key}>
        <Table.Td>
          {isAdmin ? (
            <Checkbox
              aria-label={t('selectGroup', { key: g.key })}
              checked={checked}
              onChange={(e) => onToggle(g, e.currentTarget.checked)}
            />
          ) : null}
        </Table.Td>
        <Table.Td colSpan={5}>
          {g.key}{' '}
          <Text span size="sm" c="dimmed" fw={400}>
            ({t('computersCount', { count: g.computers.length, n: g.computers.length })})
          </Text>
        </Table.Td>
      </Table.Tr>
      {g.computers.map((c) => (
        <Table.Tr key={c.id} data-computer={c.id}>
          <Table.Td />
          <Table.Td>
            <Anchor component={Link} to={`/computers/${c.id}`} size="sm">
              {c.name || c.deviceId}
            </Anchor>{' '}
            {c.survivor ? (
              <Badge size="sm" color="teal.9">
                {t('kept')}
              </Badge>
            ) : null}
          </Table.Td>
          <Table.Td>{c.serial}</Table.Td>
          <Table.Td>
            <Text size="sm" ff="monospace">
              {c.mac}
            </Text>
          </Table.Td>
          <Table.Td>{c.lastDate}</Table.Td>
          <Table.Td>{c.lastCome}</Table.Td>
        </Table.Tr>
      ))}
    </>
  );
}
