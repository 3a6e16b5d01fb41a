import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSessionChanged } from '../../app-shell/use-session';
import { ConnectionForm } from './connection-form';
import { SavedProfiles } from './saved-profiles';

/** In the console: switch to another database (the operator logs in again there). */
export default function ConnectionPage() {
  const { t } = useTranslation(['connection', 'nav']);
  const changed = useSessionChanged();
  return (
    <Stack maw={640}>
      <Title order={2}>{t('nav:connection')}</Title>
      <Text c="dimmed" size="sm">
        {t('connection:intro')}
      </Text>
      <SavedProfiles onConnected={() => void changed()} />
      <Paper withBorder p="lg">
        <ConnectionForm onConnected={() => void changed()} />
      </Paper>
    </Stack>
  );
}
