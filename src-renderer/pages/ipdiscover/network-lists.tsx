import type { DiscoveredDevice, NetworkListKind } from '@shared/contract/ipdiscover';
import { Anchor, Button, Card, Group, Pagination, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

const PAGE = 50;
const INVALIDATES = ['ipdiscover.networks', 'ipdiscover.listDevices', 'ipdiscover.deviceTypes'] as const;

/** The list behind one count of one network. */
export function NetworkLists(props: {
  netId: string;
  kind: NetworkListKind;
  isAdmin: boolean;
  onRegister: (d: DiscoveredDevice) => void;
}) {
  const { t } = useTranslation('ipdiscover');
  const [page, setPage] = useState(1);
  const isDevices = props.kind === 'nonInventoried' || props.kind === 'identified';
  const devices = useRoute(
    'ipdiscover.listDevices',
    {
      netId: props.netId,
      kind: props.kind === 'identified' ? 'identified' : 'nonInventoried',
      page,
      pageSize: PAGE,
    },
    { enabled: isDevices, keepPrevious: true },
  );
  const computers = useRoute(
    'ipdiscover.listComputers',
    { netId: props.netId, kind: props.kind === 'agents' ? 'agents' : 'inventoried', page, pageSize: PAGE },
    { enabled: !isDevices, keepPrevious: true },
  );
  const unregister = useAction('ipdiscover.unregister', { invalidates: [...INVALIDATES] });
  const remove = useAction('ipdiscover.deleteDevice', { invalidates: [...INVALIDATES] });
  const total = (isDevices ? devices.data?.total : computers.data?.total) ?? 0;
  return (
    <Card withBorder data-testid="network-list" data-kind={props.kind}>
      <Stack>
        <Text fw={600}>{t(`list.${props.kind}`, { netId: props.netId, count: total })}</Text>
        <ErrorAlert error={devices.error ?? computers.error ?? unregister.error ?? remove.error} />
        {isDevices ? (
          <Table striped fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>IP</Table.Th>
                <Table.Th>MAC</Table.Th>
                <Table.Th>{t('vendor')}</Table.Th>
                <Table.Th>{t('name')}</Table.Th>
                <Table.Th>{t('date')}</Table.Th>
                {props.kind === 'identified' ? (
                  <>
                    <Table.Th>{t('type')}</Table.Th>
                    <Table.Th>{t('description')}</Table.Th>
                    <Table.Th>{t('registeredBy')}</Table.Th>
                  </>
                ) : null}
                {props.isAdmin ? <Table.Th /> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(devices.data?.rows ?? []).map((d) => (
                <Table.Tr key={d.mac} data-mac={d.mac}>
                  <Table.Td ff="monospace">{d.ip}</Table.Td>
                  <Table.Td ff="monospace">{d.mac}</Table.Td>
                  <Table.Td data-mac-vendor>{d.vendor ?? ''}</Table.Td>
                  <Table.Td>{d.name && d.name !== '-' ? d.name : ''}</Table.Td>
                  <Table.Td>{d.date ?? ''}</Table.Td>
                  {props.kind === 'identified' ? (
                    <>
                      <Table.Td>{d.type ?? ''}</Table.Td>
                      <Table.Td>{d.description ?? ''}</Table.Td>
                      <Table.Td>{d.registeredBy ?? ''}</Table.Td>
                    </>
                  ) : null}
                  {props.isAdmin ? (
                    <Table.Td>
                      <Group gap={4} justify="end" wrap="nowrap">
                        <Button size="compact-xs" variant="light" onClick={() => props.onRegister(d)}>
                          {props.kind === 'identified' ? t('edit') : t('register')}
                        </Button>
                        {props.kind === 'identified' ? (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            onClick={() => unregister.mutate({ mac: d.mac })}
                          >
                            {t('unregister')}
                          </Button>
                        ) : null}
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          onClick={() => remove.mutate({ mac: d.mac })}
                        >
                          {t('delete')}
                        </Button>
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Table striped fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('computer')}</Table.Th>
                <Table.Th>IP</Table.Th>
                <Table.Th>MAC</Table.Th>
                <Table.Th>{t('vendor')}</Table.Th>
                <Table.Th>{t('lastInventory')}</Table.Th>
                <Table.Th>{t('ipdiscoverState')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(computers.data?.rows ?? []).map((c) => (
                <Table.Tr key={c.hardwareId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/computers/${c.hardwareId}`}>
                      {c.name ?? `#${c.hardwareId}`}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ff="monospace">{c.ip ?? ''}</Table.Td>
                  <Table.Td ff="monospace">{c.mac ?? ''}</Table.Td>
                  <Table.Td data-mac-vendor>{c.vendor ?? ''}</Table.Td>
                  <Table.Td>{c.lastDate ?? ''}</Table.Td>
                  <Table.Td>
                    {c.ipdiscover === null
                      ? ''
                      : t(`ivalue.${c.ipdiscover}`, { defaultValue: String(c.ipdiscover) })}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {total > PAGE ? <Pagination total={Math.ceil(total / PAGE)} value={page} onChange={setPage} /> : null}
      </Stack>
    </Card>
  );
}
