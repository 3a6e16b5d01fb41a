import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSessionChanged } from '../../app-shell/use-session';
import { ConnectionForm } from './connection-form';
import { SavedProfiles } from './saved-profiles';

/** First screen: no database yet. */
export function ConnectPage() {
  const { t } = useTranslation(['connection', 'common']);
  const changed = useSessionChanged();
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={560}>
        <Stack>
          <div>
            <Title order={1} size="h2">
              {t('connection:title')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('connection:intro')}
            </Text>
          </div>
          <SavedProfiles onConnected={() => void changed()} />
          <ConnectionForm onConnected={() => void changed()} />
        </Stack>
      </Paper>
    </Center>
  );
}
