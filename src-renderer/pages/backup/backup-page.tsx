import { Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { BackupPanel } from './backup-panel';
import { RestorePanel } from './restore-panel';

/** Backup of the connected OCS database and restore of a backup into a new or empty database (Administrator). */
export default function BackupPage() {
  const { t } = useTranslation('backup');
  const tools = useRoute('backup.tools', {}, { staleTime: 60_000 });
  return (
    <Stack maw={1100}>
      <Title order={2}>{t('title')}</Title>
      <Text size="sm" c="dimmed">
        {t('intro')}
      </Text>
      <ErrorAlert error={tools.error} />
      {tools.isLoading ? <Loader size="sm" role="status" aria-label={t('loading')} /> : null}
      {tools.data ? (
        <>
          <BackupPanel tools={tools.data} />
          <RestorePanel defaultFolder={tools.data.defaultFolder} />
        </>
      ) : null}
    </Stack>
  );
}
