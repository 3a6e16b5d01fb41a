import { Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useSessionChanged } from '../../app-shell/use-session';
import { ErrorAlert } from '../../components/error-alert/error-alert';

/** Operator login against the `operators` table of the connected OCS database. */
export function LoginPage({ database }: { database: string }) {
  const { t } = useTranslation('connection');
  const changed = useSessionChanged();
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
              {t('login.title')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('login.intro', { database })}
            </Text>
            <TextInput label={t('login.login')} required autoComplete="username" data-autofocus {...form.getInputProps('login')} />
            <PasswordInput label={t('login.password')} required autoComplete="current-password" {...form.getInputProps('password')} />
            <Button type="submit" loading={busy}>
              {t('login.submit')}
            </Button>
            <ErrorAlert error={error} />
            <Anchor component="button" type="button" size="sm" onClick={() => void call('connection.close', {}).then(changed)}>
              {t('login.otherDatabase')}
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
