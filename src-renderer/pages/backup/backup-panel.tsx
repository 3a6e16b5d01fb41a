import type { BackupSummary, BackupTool, BackupTools } from '@shared/contract/backup';
import {
  Alert,
  Button,
  Card,
  Group,
  List,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDatabaseExport } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './backup.module.css';
import { useJob } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { JobProgress } from '../../components/job-progress/job-progress';
import { defaultFileName, formatBytes, formatCount, formatDuration, joinPath } from './format';

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}

/** The summary of a finished backup: which dumper ran, what it wrote, what the snapshot did not cover. */
export function BackupSummaryView({ summary }: { summary: BackupSummary }) {
  const { t, i18n } = useTranslation('backup');
  const lang = i18n.language;
  return (
    <Stack gap="sm" data-testid="backup-summary">
      <Alert classNames={{ title: classes.title }} color="green" variant="light" title={t('backup.done')}>
        <Text size="sm" data-testid="backup-file" style={{ wordBreak: 'break-all' }}>
          {summary.file}
        </Text>
        <Text size="sm" data-testid="backup-tool">
          {summary.tool === 'builtin'
            ? t('backup.ranBuiltin')
            : t('backup.ranMysqldump', { version: summary.toolVersion ?? '?' })}
        </Text>
      </Alert>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }}>
        <Figure label={t('summary.tables')} value={formatCount(summary.tables, lang)} testId="sum-tables" />
        <Figure label={t('summary.views')} value={formatCount(summary.views, lang)} />
        <Figure label={t('summary.rows')} value={formatCount(summary.rows, lang)} testId="sum-rows" />
        <Figure label={t('summary.bytes')} value={formatBytes(summary.bytes, lang)} testId="sum-bytes" />
        <Figure label={t('summary.sqlBytes')} value={formatBytes(summary.sqlBytes, lang)} />
        <Figure label={t('summary.duration')} value={formatDuration(summary.durationMs, lang)} />
      </SimpleGrid>
      <Text size="sm">
        {t('summary.largestStatement', { size: formatBytes(summary.largestStatement, lang) })}
      </Text>
      {summary.nonTransactional.length ? (
        <Alert
          classNames={{ title: classes.title }}
          color="yellow"
          variant="light"
          title={t('summary.nonTransactional')}
        >
          <Text size="sm">{t('summary.nonTransactionalHelp')}</Text>
          <List size="sm" data-testid="sum-nontransactional">
            {summary.nonTransactional.map((n) => (
              <List.Item key={n}>{n}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {summary.notCopied.length ? (
        <Alert
          classNames={{ title: classes.title }}
          color="gray"
          variant="light"
          title={t('summary.notCopied')}
        >
          <List size="sm">
            {summary.notCopied.map((n) => (
              <List.Item key={n}>{n}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </Stack>
  );
}

/** Backup of the session's database: where, which dumper, progress by table and rows, cancel, summary. */
export function BackupPanel({ tools }: { tools: BackupTools }) {
  const { t } = useTranslation('backup');
  const job = useJob('backup.create');
  const [folder, setFolder] = useState(tools.defaultFolder);
  const [name, setName] = useState(() => defaultFileName(tools.database));
  const [tool, setTool] = useState<BackupTool>('builtin');
  const summary = job.result as BackupSummary | undefined;
  const validName = /^[^/\\]+$/.test(name.trim());
  const start = () => {
    void job.start({ file: joinPath(folder, name), tool }).catch(() => undefined);
  };
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('backup.title', { database: tools.database })}
        </Title>
        <Text size="sm" c="dimmed">
          {t('backup.intro')}
        </Text>
        <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
          <TextInput
            label={t('backup.folder')}
            description={t('backup.folderHelp')}
            value={folder}
            onChange={(e) => setFolder(e.currentTarget.value)}
            disabled={job.running}
            miw={320}
            data-testid="backup-folder"
          />
          <TextInput
            label={t('backup.fileName')}
            description={t('backup.fileNameHelp')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={name.trim() && !validName ? t('backup.fileNameInvalid') : undefined}
            disabled={job.running}
            miw={260}
            data-testid="backup-name"
          />
        </Group>
        <Radio.Group label={t('backup.tool')} value={tool} onChange={(v) => setTool(v as BackupTool)}>
          <Stack gap="xs" mt={4}>
            <Radio
              value="builtin"
              label={t('backup.builtin')}
              description={t('backup.builtinHelp')}
              disabled={job.running}
            />
            <Radio
              value="mysqldump"
              label={t('backup.mysqldump')}
              description={
                tools.mysqldump.ok
                  ? t('backup.mysqldumpFound', { version: tools.mysqldump.version ?? '?' })
                  : t('backup.mysqldumpMissing')
              }
              disabled={job.running || !tools.mysqldump.ok}
            />
          </Stack>
        </Radio.Group>
        <Group>
          <Button
            leftSection={<IconDatabaseExport size={18} aria-hidden />}
            onClick={start}
            disabled={job.running || !folder.trim() || !validName}
            data-testid="backup-start"
          >
            {t('backup.start')}
          </Button>
        </Group>
        <JobProgress job={job.job} onCancel={() => void job.cancel()} label={t('backup.progress')} />
        {job.job?.state === 'cancelled' ? (
          <Alert
            classNames={{ title: classes.title }}
            color="gray"
            variant="light"
            data-testid="backup-cancelled"
          >
            {t('backup.cancelled')}
          </Alert>
        ) : (
          <ErrorAlert error={job.error} />
        )}
        {summary ? <BackupSummaryView summary={summary} /> : null}
      </Stack>
    </Card>
  );
}
