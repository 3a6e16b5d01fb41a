import {
  Alert,
  Anchor,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useRoute } from '../../api/hooks';
import { useSession, useSessionChanged } from '../../app-shell/use-session';
import { ErrorAlert } from '../../components/error-alert/error-alert';

/** Operator login against the `operators` table of the connected OCS database. */
export function LoginPage({ database }: { database: string }) {
  const { t } = useTranslation(['connection', 'database']);
  const changed = useSessionChanged();
  const { connection } = useSession();
  const report = useRoute('database.inspect', {});
  const noSchema =
    report.data && (report.data.schema.state === 'missing' || report.data.schema.state === 'unknown');
  const openWizard = async () => {
    const q = new URLSearchParams({
      wizard: 'create',
      host: connection?.host ?? '',
      port: String(connection?.port ?? 3306),
      database: database,
    });
    history.replaceState(null, '', `${window.location.pathname}?${q.toString()}`);
    await call('connection.close', {});
    await changed();
  };
  const form = useForm({ initialValues: { login: '', password: '' } });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      await call('auth.login', values);
      await changed();
    } catch (e) {
      setError(e);
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  });
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={1} size="h2">
              {t('connection:login.title')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('connection:login.intro', { database })}
            </Text>
            {noSchema ? (
              <Alert color="yellow" title={t('database:noSchema.title')} data-testid="no-schema">
                <Text size="sm">{t('database:noSchema.text')}</Text>
                <Button mt="xs" size="xs" onClick={() => void openWizard()}>
                  {t('database:noSchema.action')}
                </Button>
              </Alert>
            ) : null}
            <TextInput
              label={t('connection:login.login')}
              required
              autoComplete="username"
              data-autofocus
              {...form.getInputProps('login')}
            />
            <PasswordInput
              label={t('connection:login.password')}
              required
              autoComplete="current-password"
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={busy}>
              {t('connection:login.submit')}
            </Button>
            <ErrorAlert error={error} />
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => void call('connection.close', {}).then(changed)}
            >
              {t('connection:login.otherDatabase')}
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
