import { Anchor, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionChanged } from '../../app-shell/use-session';
import type { WizardDefaults } from '../database/create-database-wizard';
import { ConnectionForm } from './connection-form';
import { SavedProfiles } from './saved-profiles';

/** `?wizard=create&host=..&port=..&database=..` opens the creation wizard (from the login page's no-schema banner). */
function wizardFromUrl(): WizardDefaults | null {
  const q = new URLSearchParams(window.location.search);
  if (q.get('wizard') !== 'create') return null;
  return {
    host: q.get('host') ?? undefined,
    port: q.get('port') ? Number(q.get('port')) : undefined,
    database: q.get('database') ?? undefined,
  };
}

// Loaded when asked for: the first screen (connect) stays small (scripts/check-bundle.mjs).
const CreateDatabaseWizard = lazy(() =>
  import('../database/create-database-wizard').then((m) => ({ default: m.CreateDatabaseWizard })),
);

/** First screen: no database yet. Connect to one, or create a new OCS database. */
export function ConnectPage() {
  const { t } = useTranslation(['connection', 'database', 'common']);
  const changed = useSessionChanged();
  const [wizard, setWizard] = useState<WizardDefaults | null>(wizardFromUrl);
  const closeWizard = () => {
    history.replaceState(null, '', window.location.pathname);
    setWizard(null);
  };
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={wizard ? 720 : 560}>
        {wizard ? (
          <Stack>
            <Title order={1} size="h2">
              {t(wizard.demo ? 'database:demo.title' : 'database:title')}
            </Title>
            <Suspense fallback={<Loader aria-label={t('common:app.loading')} />}>
              <CreateDatabaseWizard
                defaults={wizard}
                onCancel={closeWizard}
                onDone={() => {
                  closeWizard();
                  void changed();
                }}
              />
            </Suspense>
          </Stack>
        ) : (
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
            <Group gap="lg">
              <Anchor component="button" type="button" size="sm" onClick={() => setWizard({})}>
                {t('database:open')}
              </Anchor>
              {/* No OCS server yet: a local database with a generated fleet, marked as demo data. */}
              <Anchor component="button" type="button" size="sm" onClick={() => setWizard({ demo: true })}>
                {t('database:demo.open')}
              </Anchor>
            </Group>
          </Stack>
        )}
      </Paper>
    </Center>
  );
}
