import type { AnalysedHost, AnalysisResult, DiscoveredDevice, HostClass } from '@shared/contract/ipdiscover';
import { Anchor, Badge, Button, List, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RegisterDialog } from './register-dialog';

export const CLASS_COLOR: Record<HostClass, string> = {
  windows: 'blue',
  unix: 'teal',
  network: 'grape',
  phantom: 'gray',
};

function asDevice(h: AnalysedHost): DiscoveredDevice | null {
  const d = h.known?.discovered;
  if (!d) return null;
  return {
    mac: d.mac,
    ip: h.ip,
    mask: null,
    netId: d.netId,
    date: d.date,
    name: h.hostname,
    tag: null,
    type: null,
    description: null,
    registeredBy: null,
    vendor: h.macVendor,
  };
}

/** One row per analysed address: class, evidence, and what the inventory knows. */
export function AnalysisResults({ result, isAdmin }: { result: AnalysisResult; isAdmin: boolean }) {
  const { t } = useTranslation('ipdiscover');
  const [registering, setRegistering] = useState<DiscoveredDevice | null>(null);
  return (
    <>
      <Table withTableBorder striped fz="sm" data-testid="analysis-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>IP</Table.Th>
            <Table.Th>{t('class.title')}</Table.Th>
            <Table.Th>{t('name')}</Table.Th>
            <Table.Th>MAC</Table.Th>
            <Table.Th>{t('openPorts')}</Table.Th>
            <Table.Th>{t('osGuess')}</Table.Th>
            <Table.Th>{t('evidence')}</Table.Th>
            <Table.Th>{t('inventory')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.hosts.map((h) => {
            const dev = asDevice(h);
            return (
              <Table.Tr key={h.ip} data-ip={h.ip} data-class={h.class}>
                <Table.Td ff="monospace">{h.ip}</Table.Td>
                <Table.Td style={{ minWidth: 150 }}>
                  <Badge
                    color={CLASS_COLOR[h.class]}
                    styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}
                  >
                    {t(`class.${h.class}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {h.hostname ?? ''}
                  {h.netbios ? (
                    <Text size="xs" c="dimmed">
                      NetBIOS {h.netbios.name ?? '?'} · {h.netbios.workgroup ?? '?'}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td ff="monospace">
                  {h.mac ?? ''}
                  {h.macVendor ? (
                    <Text size="xs" c="dimmed">
                      {h.macVendor}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  {h.ports
                    .filter((p) => p.state === 'open')
                    .map((p) => `${p.port}/${p.service ?? '?'}`)
                    .join(', ')}
                </Table.Td>
                <Table.Td>{h.os ? `${h.os.name} (${h.os.accuracy}%)` : ''}</Table.Td>
                <Table.Td>
                  <List size="xs">
                    {h.why.map((w) => (
                      <List.Item key={w}>{w}</List.Item>
                    ))}
                  </List>
                </Table.Td>
                <Table.Td>
                  {h.known?.computers.length ? (
                    h.known.computers.map((c) => (
                      <Anchor
                        key={c.hardwareId}
                        component={Link}
                        to={`/computers/${c.hardwareId}`}
                        size="sm"
                        display="block"
                      >
                        {c.name ?? `#${c.hardwareId}`} ({t(`matched.${c.matchedOn}`)})
                      </Anchor>
                    ))
                  ) : h.known?.identified ? (
                    <Text size="sm">
                      {t('registeredAs', {
                        type: h.known.identified.type ?? '?',
                        description: h.known.identified.description ?? '',
                      })}
                    </Text>
                  ) : h.known ? (
                    <Text size="sm" c="orange">
                      {t('notInventoried')}
                    </Text>
                  ) : null}
                  {isAdmin && dev && !h.known?.identified && !h.known?.computers.length ? (
                    <Button size="compact-xs" variant="light" onClick={() => setRegistering(dev)}>
                      {t('register')}
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <RegisterDialog
        key={registering?.mac ?? 'none'}
        device={registering}
        onClose={() => setRegistering(null)}
      />
    </>
  );
}
