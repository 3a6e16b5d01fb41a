import { Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useSessionChanged } from '../../app-shell/use-session';
import { ErrorAlert } from '../../components/error-alert/error-alert';

/** Forced after logging in with the default admin/admin account. */
export function ChangePasswordPage({ login }: { login: string }) {
  const { t } = useTranslation('connection');
  const changed = useSessionChanged();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', repeat: '' },
    validate: { repeat: (v, values) => (v === values.newPassword ? null : t('changePassword.mismatch')) },
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = form.onSubmit(async ({ currentPassword, newPassword }) => {
    setBusy(true);
    setError(null);
    try {
      await call('auth.changePassword', { currentPassword, newPassword });
      await changed();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  });
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={440}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={1} size="h2">
              {t('changePassword.title')}
            </Title>
            <Text size="sm">{t('changePassword.intro', { login })}</Text>
            <PasswordInput
              label={t('changePassword.current')}
              required
              autoComplete="current-password"
              {...form.getInputProps('currentPassword')}
            />
            <PasswordInput
              label={t('changePassword.new')}
              required
              autoComplete="new-password"
              {...form.getInputProps('newPassword')}
            />
            <PasswordInput
              label={t('changePassword.repeat')}
              required
              autoComplete="new-password"
              {...form.getInputProps('repeat')}
            />
            <Button type="submit" loading={busy}>
              {t('changePassword.submit')}
            </Button>
            <ErrorAlert error={error} />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
