import type { NetworkRow } from '@shared/contract/ipdiscover';
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

/** Names a network (OCS `subnet` row): name, group/department label, mask; or removes the name. */
export function SubnetDialog({ network, onClose }: { network: NetworkRow | null; onClose: () => void }) {
  const { t } = useTranslation('ipdiscover');
  const save = useAction('ipdiscover.saveSubnet', { invalidates: ['ipdiscover.networks'] });
  const remove = useAction('ipdiscover.deleteSubnet', { invalidates: ['ipdiscover.networks'] });
  // The parent keys this dialog by network, so the state starts from the network's values.
  const [name, setName] = useState(network?.name ?? '');
  const [group, setGroup] = useState(network?.groupLabel ?? '');
  const [mask, setMask] = useState(network?.mask ?? '255.255.255.0');
  if (!network) return null;
  return (
    <Modal opened onClose={onClose} title={t('subnetTitle', { netId: network.netId })}>
      <Stack>
        <ErrorAlert error={save.error ?? remove.error} />
        <TextInput label={t('name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        <TextInput label={t('groupLabel')} value={group} onChange={(e) => setGroup(e.currentTarget.value)} />
        <TextInput label={t('mask')} value={mask} onChange={(e) => setMask(e.currentTarget.value)} required />
        <Group justify="space-between">
          {network.name !== null ? (
            <Button
              color="red"
              variant="light"
              onClick={() =>
                remove.mutate({ netId: network.netId, tag: network.tag }, { onSuccess: onClose })
              }
            >
              {t('removeName')}
            </Button>
          ) : (
            <span />
          )}
          <Button
            disabled={!name.trim()}
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                { netId: network.netId, mask, name, groupLabel: group.trim() || null, tag: network.tag },
                { onSuccess: onClose },
              )
            }
          >
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
