import type { RestoreResult } from '@shared/contract/backup';
import { Alert, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDatabaseImport } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './backup.module.css';
import { useJob, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { JobProgress } from '../../components/job-progress/job-progress';
import { formatCount, formatDuration } from './format';

const DB_NAME = /^[A-Za-z0-9_$]{1,64}$/;

/** The check after a restore: one line when everything is equal, the tables that differ otherwise. */
export function VerificationView({ result }: { result: RestoreResult }) {
  const { t, i18n } = useTranslation('backup');
  const lang = i18n.language;
  const { check } = result;
  const differing = check.tables.filter((x) => !x.ok);
  const what = t(`verify.compared.${check.compared}`);
  return (
    <Stack gap="sm" data-testid="restore-result">
      <Text size="sm">
        {t('restore.done', {
          database: result.database,
          tables: formatCount(result.tables, lang),
          rows: formatCount(result.rows, lang),
          duration: formatDuration(result.durationMs, lang),
        })}{' '}
        {t(`restore.origin.${result.origin}`)}
      </Text>
      {check.ok ? (
        <Alert
          classNames={{ title: classes.title }}
          color="green"
          variant="light"
          title={t('verify.equal')}
          data-testid="verify-equal"
        >
          {t('verify.equalDetail', { count: check.tables.length, what })}
        </Alert>
      ) : (
        <Alert
          classNames={{ title: classes.title }}
          color="red"
          variant="light"
          title={t('verify.different')}
          data-testid="verify-different"
        >
          <Text size="sm">{t('verify.differentDetail', { database: result.database, what })}</Text>
          <Table.ScrollContainer minWidth={600}>
            <Table striped withTableBorder mt="xs" data-testid="verify-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('verify.table')}</Table.Th>
                  <Table.Th>{t('verify.expectedRows')}</Table.Th>
                  <Table.Th>{t('verify.rows')}</Table.Th>
                  <Table.Th>{t('verify.expectedHash')}</Table.Th>
                  <Table.Th>{t('verify.hash')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {differing.map((x) => (
                  <Table.Tr key={x.name}>
                    <Table.Td>{x.name}</Table.Td>
                    <Table.Td>{x.expectedRows === null ? '—' : formatCount(x.expectedRows, lang)}</Table.Td>
                    <Table.Td>{formatCount(x.rows, lang)}</Table.Td>
                    <Table.Td ff="monospace">{x.expectedHash ?? '—'}</Table.Td>
                    <Table.Td ff="monospace">{x.hash ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Alert>
      )}
    </Stack>
  );
}

/** Restore of a backup file into a new or empty database; a database that holds tables needs its name typed. */
export function RestorePanel({ defaultFolder }: { defaultFolder: string }) {
  const { t } = useTranslation('backup');
  const job = useJob('backup.restore');
  const [file, setFile] = useState('');
  const [database, setDatabase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [typed] = useDebouncedValue(database.trim(), 300);
  const validName = DB_NAME.test(typed);
  const target = useRoute('backup.target', { database: typed }, { enabled: validName });
  const finished = job.job?.state;
  const refetch = target.refetch;
  useEffect(() => {
    if (finished && finished !== 'running' && finished !== 'queued' && validName) void refetch();
  }, [finished, refetch, validName]);
  const info = target.data && target.data.database === typed ? target.data : null;
  const nonEmpty = !!info && info.tables > 0;
  const confirmed = !nonEmpty || confirm.trim() === typed;
  const result = job.result as RestoreResult | undefined;
  const stopped = finished === 'cancelled' || finished === 'failed';
  const start = () => {
    void job
      .start({
        file: file.trim(),
        database: typed,
        confirmOverwrite: nonEmpty ? confirm.trim() : undefined,
      })
      .catch(() => undefined);
  };
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('restore.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('restore.intro')}
        </Text>
        <TextInput
          label={t('restore.file')}
          description={t('restore.fileHelp')}
          placeholder={`${defaultFolder}/ocsweb-….sql.gz`}
          value={file}
          onChange={(e) => {
            setFile(e.currentTarget.value);
            if (!job.running) job.reset();
          }}
          disabled={job.running}
          data-testid="restore-file"
        />
        <TextInput
          label={t('restore.database')}
          description={t('restore.databaseHelp')}
          value={database}
          onChange={(e) => {
            setDatabase(e.currentTarget.value);
            setConfirm('');
            if (!job.running) job.reset();
          }}
          error={database.trim() && !DB_NAME.test(database.trim()) ? t('restore.databaseInvalid') : undefined}
          disabled={job.running}
          maw={420}
          data-testid="restore-database"
        />
        {info && !job.running && !result ? (
          info.tables > 0 ? (
            <Alert
              classNames={{ title: classes.title }}
              color="orange"
              variant="light"
              title={t('restore.nonEmpty', { count: info.tables, database: info.database })}
              data-testid="restore-nonempty"
            >
              <Stack gap="xs">
                <Text size="sm">
                  {info.incomplete ? t('restore.nonEmptyIncomplete') : t('restore.nonEmptyHelp')}
                </Text>
                <TextInput
                  label={t('restore.confirm', { database: info.database })}
                  value={confirm}
                  onChange={(e) => setConfirm(e.currentTarget.value)}
                  maw={420}
                  autoComplete="off"
                  data-testid="restore-confirm"
                />
              </Stack>
            </Alert>
          ) : (
            <Text size="sm" c="dimmed" data-testid="restore-target-state">
              {info.exists
                ? t('restore.targetEmpty', { database: info.database })
                : t('restore.targetNew', { database: info.database })}
            </Text>
          )
        ) : null}
        <Group>
          <Button
            leftSection={<IconDatabaseImport size={18} aria-hidden />}
            onClick={start}
            disabled={job.running || !file.trim() || !validName || !info || !confirmed}
            color={nonEmpty ? 'red.8' : undefined}
            data-testid="restore-start"
          >
            {nonEmpty ? t('restore.startReplace', { database: typed }) : t('restore.start')}
          </Button>
        </Group>
        <JobProgress job={job.job} onCancel={() => void job.cancel()} label={t('restore.progress')} />
        {stopped && info?.incomplete ? (
          <Alert
            classNames={{ title: classes.title }}
            color="red"
            variant="light"
            title={t('restore.incompleteTitle', { database: info.database })}
            data-testid="restore-incomplete"
          >
            {t('restore.incompleteHelp', { database: info.database })}
          </Alert>
        ) : null}
        {finished === 'cancelled' ? null : <ErrorAlert error={job.error} />}
        {result ? <VerificationView result={result} /> : null}
      </Stack>
    </Card>
  );
}
