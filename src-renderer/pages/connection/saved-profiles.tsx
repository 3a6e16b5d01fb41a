import type { ProfileOut } from '@shared/contract/profiles';
import { ActionIcon, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

/** Saved connection profiles of this computer (passwords stay encrypted in the main process). */
export function SavedProfiles({ onConnected }: { onConnected: () => void }) {
  const { t } = useTranslation('connection');
  const list = useRoute('profiles.list', {});
  const remove = useAction('profiles.delete', { invalidates: ['profiles.list'] });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const profiles = list.data ?? [];
  if (profiles.length === 0 && !list.error) return null;

  const connect = async (p: ProfileOut, confirmServer = false) => {
    setBusy(p.name);
    setError(null);
    try {
      await call('profiles.connect', { name: p.name, confirmServer });
      onConnected();
    } catch (e) {
      // The stored password was saved for another server: send it only if the operator says so.
      if (!confirmServer && e instanceof ApiError && e.wire.code === 'DB_PASSWORD_SERVER_CHANGED') {
        confirmServerChange(p, e.wire.params);
      } else setError(e);
    } finally {
      setBusy(null);
    }
  };
  const confirmServerChange = (p: ProfileOut, params: Record<string, unknown>) =>
    modals.openConfirmModal({
      title: t('profiles.serverChangedTitle', params),
      children: <Text size="sm">{t('profiles.serverChangedText', params)}</Text>,
      labels: { confirm: t('profiles.sendAnyway'), cancel: t('common:action.cancel') },
      confirmProps: { color: 'orange' },
      onConfirm: () => void connect(p, true),
    });
  const confirmDelete = (p: ProfileOut) =>
    modals.openConfirmModal({
      title: t('profiles.deleteTitle', { name: p.name }),
      children: <Text size="sm">{t('profiles.deleteText')}</Text>,
      labels: { confirm: t('profiles.delete'), cancel: t('profiles.keep') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate({ name: p.name }),
    });

  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('profiles.title')}
      </Title>
      <ErrorAlert error={list.error ?? error ?? remove.error} />
      {profiles.map((p) => (
        <Paper key={p.name} withBorder p="xs">
          <Group justify="space-between" wrap="nowrap">
            <div>
              <Text fw={600}>{p.name}</Text>
              <Text size="xs" c="dimmed">
                {p.user}@{p.host}:{p.port} / {p.database}
              </Text>
              <Group gap={4} mt={2}>
                {p.tls?.enabled ? <Badge size="xs">TLS</Badge> : null}
                {p.replica ? (
                  <Badge size="xs" variant="light">
                    {t('profiles.replica')}
                  </Badge>
                ) : null}
                {!p.hasPassword ? (
                  <Badge size="xs" color="gray">
                    {t('profiles.noPassword')}
                  </Badge>
                ) : null}
              </Group>
            </div>
            <Group gap="xs" wrap="nowrap">
              <Button
                size="xs"
                loading={busy === p.name}
                disabled={busy !== null}
                onClick={() => void connect(p)}
              >
                {t('action.connect')}
              </Button>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('profiles.deleteTitle', { name: p.name })}
                onClick={() => confirmDelete(p)}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
