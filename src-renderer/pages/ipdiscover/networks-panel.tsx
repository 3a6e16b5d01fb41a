import type { DiscoveredDevice, NetworkListKind, NetworkRow } from '@shared/contract/ipdiscover';
import { Anchor, Badge, Button, Group, Progress, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconPencil, IconRadar } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { NetworkLists } from './network-lists';
import { RegisterDialog } from './register-dialog';
import { SubnetDialog } from './subnet-dialog';

const KINDS: Array<{ kind: NetworkListKind; field: keyof NetworkRow }> = [
  { kind: 'inventoried', field: 'inventoried' },
  { kind: 'nonInventoried', field: 'nonInventoried' },
  { kind: 'agents', field: 'ipdiscoverAgents' },
  { kind: 'identified', field: 'identified' },
];

/** Every network seen by an IP discovery agent or named by an operator, with its counts and lists. */
export function NetworksPanel({
  isAdmin,
  canIdentify,
  onAnalyse,
}: {
  isAdmin: boolean;
  canIdentify: boolean;
  onAnalyse: (netId: string) => void;
}) {
  const { t, i18n } = useTranslation('ipdiscover');
  const networks = useRoute('ipdiscover.networks', {}, { refetchInterval: 30_000 });
  const [open, setOpen] = useState<{ netId: string; kind: NetworkListKind } | null>(null);
  const [editing, setEditing] = useState<NetworkRow | null>(null);
  const [registering, setRegistering] = useState<DiscoveredDevice | null>(null);
  const nf = new Intl.NumberFormat(i18n.language);
  const rows = networks.data ?? [];
  return (
    <Stack>
      <ErrorAlert error={networks.error} />
      <Table
        withTableBorder
        striped
        highlightOnHover
        fz="sm"
        data-testid="networks-table"
        aria-label={t('tabNetworks')}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('network')}</Table.Th>
            <Table.Th>{t('name')}</Table.Th>
            <Table.Th ta="right">{t('inventoried')}</Table.Th>
            <Table.Th ta="right">{t('nonInventoried')}</Table.Th>
            <Table.Th ta="right">{t('agents')}</Table.Th>
            <Table.Th ta="right">{t('identified')}</Table.Th>
            <Table.Th w={160}>{t('percentInventoried')}</Table.Th>
            <Table.Th>{t('lastSeen')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((n) => (
            <Table.Tr key={n.netId} data-netid={n.netId}>
              <Table.Td>
                <Text ff="monospace" size="sm">
                  {n.netId}
                  {n.mask ? <Text span c="dimmed" size="xs">{` / ${n.mask}`}</Text> : null}
                </Text>
                {n.blacklisted ? (
                  <Badge color="gray" size="xs">
                    {t('blacklisted')}
                  </Badge>
                ) : null}
              </Table.Td>
              <Table.Td>
                {n.name ?? (
                  <Text span c="dimmed" size="sm">
                    {t('notNamed')}
                  </Text>
                )}
                {n.groupLabel ? (
                  <Text size="xs" c="dimmed">
                    {n.groupLabel}
                  </Text>
                ) : null}
              </Table.Td>
              {KINDS.map(({ kind, field }) => (
                <Table.Td key={kind} ta="right">
                  <Anchor
                    component="button"
                    data-count={kind}
                    fw={open?.netId === n.netId && open.kind === kind ? 700 : undefined}
                    onClick={() => setOpen({ netId: n.netId, kind })}
                  >
                    {nf.format(Number(n[field]))}
                  </Anchor>
                </Table.Td>
              ))}
              <Table.Td>
                {n.percentInventoried !== null ? (
                  <Tooltip label={t('percentKnown', { pct: n.percentKnown ?? 0 })}>
                    <Group gap={6} wrap="nowrap">
                      <Progress value={n.percentInventoried} w={90} aria-label={t('percentInventoried')} />
                      <Text size="xs">{n.percentInventoried}%</Text>
                    </Group>
                  </Tooltip>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Text size="xs">{n.lastSeen ?? ''}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="end">
                  {isAdmin ? (
                    <Button
                      data-right="manageIpdiscover"
                      size="compact-xs"
                      variant="subtle"
                      leftSection={<IconPencil size={14} />}
                      onClick={() => setEditing(n)}
                    >
                      {t('nameIt')}
                    </Button>
                  ) : null}
                  {isAdmin && n.nonInventoried > 0 ? (
                    <Button
                      data-right="manageIpdiscover"
                      size="compact-xs"
                      variant="subtle"
                      leftSection={<IconRadar size={14} />}
                      onClick={() => onAnalyse(n.netId)}
                    >
                      {t('analyse')}
                    </Button>
                  ) : null}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!rows.length && !networks.isLoading ? <Text c="dimmed">{t('noNetworks')}</Text> : null}
      {open ? <NetworkLists {...open} isAdmin={canIdentify} onRegister={setRegistering} /> : null}
      <SubnetDialog key={editing?.netId ?? 'none'} network={editing} onClose={() => setEditing(null)} />
      <RegisterDialog
        key={registering?.mac ?? 'none'}
        device={registering}
        onClose={() => setRegistering(null)}
      />
    </Stack>
  );
}
