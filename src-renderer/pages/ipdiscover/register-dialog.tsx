import type { DiscoveredDevice } from '@shared/contract/ipdiscover';
import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

/** Registers (identifies) a non-inventoried device: type, description; the operator is recorded by the server. */
export function RegisterDialog({
  device,
  onClose,
}: {
  device: DiscoveredDevice | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('ipdiscover');
  const types = useRoute('ipdiscover.deviceTypes', {}, { enabled: !!device });
  const register = useAction('ipdiscover.register', {
    invalidates: ['ipdiscover.networks', 'ipdiscover.listDevices', 'ipdiscover.deviceTypes'],
  });
  const [type, setType] = useState<string | null>(device?.type ?? null);
  const [description, setDescription] = useState(device?.description ?? '');
  return (
    <Modal opened={!!device} onClose={onClose} title={t('registerTitle')} data-testid="register-dialog">
      {device ? (
        <Stack>
          <Text size="sm">
            {device.ip} · {device.mac}
            {device.name && device.name !== '-' ? ` · ${device.name}` : ''}
          </Text>
          <ErrorAlert error={register.error ?? types.error} />
          <Select
            label={t('type')}
            data={(types.data ?? []).map((d) => d.name)}
            value={type}
            onChange={setType}
            searchable
            required
          />
          <TextInput
            label={t('description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <Group justify="end">
            <Button variant="default" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button
              disabled={!type}
              loading={register.isPending}
              onClick={() =>
                register.mutate({ mac: device.mac, type: type ?? '', description }, { onSuccess: onClose })
              }
            >
              {t('register')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
