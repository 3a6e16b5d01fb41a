import type { UpgradeResult } from '@shared/contract/database';
import { Alert, Card, List, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { RightButton } from '../../components/right-gate/right-gate';
import { useJob, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { JobProgress } from '../../components/job-progress/job-progress';
import { BackupFirst } from '../../components/backup-first/backup-first';

/** Schema level of the connected database, and the upgrade to OCS Desk's reference level. */
export default function DatabasePage() {
  const { t } = useTranslation('database');
  const qc = useQueryClient();
  const report = useRoute('database.inspect', {});
  const job = useJob('database.upgrade');
  const r = report.data;
  const done = job.result as UpgradeResult | undefined;
  const upgrade = () =>
    modals.openConfirmModal({
      title: t('page.confirmTitle', { database: r?.database }),
      children: (
        <Stack gap="sm">
          <Text size="sm">{t('page.confirmText')}</Text>
          <BackupFirst purpose="database.upgrade" />
        </Stack>
      ),
      labels: { confirm: t('page.upgrade'), cancel: t('previous') },
      onConfirm: () =>
        void job.start({}).then(
          () => undefined,
          () => undefined,
        ),
    });
  if (done && report.data?.schema.guiVersion !== String(done.toLevel))
    void qc.invalidateQueries({ queryKey: ['database.inspect'] });
  return (
    <Stack maw={860}>
      <Title order={2}>{t('page.title')}</Title>
      <ErrorAlert error={report.error} />
      {r ? (
        <Card withBorder>
          <Text fw={600} data-testid="schema-level">
            {r.database}: {t('page.level', { level: r.schema.guiVersion ?? '—', target: r.targetLevel })}
          </Text>
          {r.upgrade.possible && r.upgrade.steps.length === 0 ? (
            <Text size="sm">{t('page.upToDate')}</Text>
          ) : null}
          {!r.upgrade.possible ? (
            <Alert color="yellow" mt="sm">
              {t('page.notPossible', { reason: r.upgrade.reason })}
            </Alert>
          ) : null}
          {r.upgrade.possible && r.upgrade.steps.length > 0 ? (
            <Stack mt="sm" gap="xs">
              <Text size="sm">{t('page.upgradeIntro', { target: r.targetLevel })}</Text>
              <Text size="sm" fw={600}>
                {t('page.steps')}
              </Text>
              <List size="sm" withPadding>
                {r.upgrade.steps.map((s) => (
                  <List.Item key={s}>{s}</List.Item>
                ))}
              </List>
              <RightButton right="configure" onClick={upgrade} loading={job.running} w="fit-content">
                {t('page.upgrade')}
              </RightButton>
            </Stack>
          ) : null}
          {r.upgrade.untouched.length > 0 ? (
            <>
              <Text size="sm" fw={600} mt="sm">
                {t('page.untouched')}
              </Text>
              <List size="sm" withPadding>
                {r.upgrade.untouched.map((s) => (
                  <List.Item key={s}>{s}</List.Item>
                ))}
              </List>
            </>
          ) : null}
        </Card>
      ) : null}
      <JobProgress job={job.job} onCancel={() => void job.cancel()} />
      <ErrorAlert error={job.error} />
      {done ? (
        <Alert color="green">{t('page.upgraded', { from: done.fromLevel, to: done.toLevel })}</Alert>
      ) : null}
    </Stack>
  );
}
