import { Badge, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { CommProbe, ServerInformation } from '@shared/contract/diagnostics';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { formatBytes } from '../backup/format';
import { loadDiagnosticsSettings, toInput } from '../diagnostics/settings';

const InventoriesChart = lazy(() => import('./inventories-chart'));

const VERDICT_COLOR: Record<CommProbe['verdict'], string> = {
  ok: 'green',
  errors: 'red',
  unexpected: 'yellow',
  unreachable: 'red',
};

function Section(props: { title: string; testId: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={props.title} data-testid={props.testId}>
      <Title order={3} size="h5" mb="xs">
        {props.title}
      </Title>
      {props.children}
    </Card>
  );
}

/** Two-column facts (name, value): a definition table. */
function Facts({ rows }: { rows: Array<[string, ReactNode, string?]> }) {
  return (
    <Table withRowBorders={false} verticalSpacing={2}>
      <Table.Tbody>
        {rows.map(([k, v, id]) => (
          <Table.Tr key={k}>
            <Table.Th scope="row" fw={500} c="dimmed" w="45%">
              {k}
            </Table.Th>
            <Table.Td data-testid={id}>{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The server side at a glance (`diagnostics.serverInfo`, right `configure`); fleet figures within the perimeter. */
export default function ServerInfoPage() {
  const { t, i18n } = useTranslation('serverinfo');
  const info = useRoute('diagnostics.serverInfo', toInput(loadDiagnosticsSettings()), { staleTime: 30_000 });
  const nf = new Intl.NumberFormat(i18n.language);
  const size = (n: number) => formatBytes(n, i18n.language);
  const bytes = (n: number) => `${size(n)} (${nf.format(n)})`;
  const d: ServerInformation | undefined = info.data;
  return (
    <Stack maw={1200}>
      <Group justify="space-between">
        <Title order={2}>{t('title')}</Title>
        {info.isFetching ? <Loader size="xs" role="status" aria-label={t('loading')} /> : null}
      </Group>
      <ErrorAlert error={info.error} />
      {d ? (
        <>
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
            <Section title={t('comm.title')} testId="server-info-comm">
              <Stack gap="xs">
                {(['http', 'https'] as const).map((k) => {
                  const p = d.comm[k];
                  return (
                    <div key={k} data-testid={`server-info-comm-${k}`} data-verdict={p?.verdict ?? 'unset'}>
                      <Group gap="xs">
                        <Text size="sm" fw={600}>
                          {k.toUpperCase()}
                        </Text>
                        {p ? (
                          <Badge color={VERDICT_COLOR[p.verdict]} variant="light">
                            {t(`comm.verdict.${p.verdict}`)}
                          </Badge>
                        ) : (
                          <Badge color="gray" variant="light">
                            {t('comm.unset')}
                          </Badge>
                        )}
                      </Group>
                      {p ? (
                        <Text size="xs" style={{ wordBreak: 'break-all' }}>
                          {p.url} · {t(`comm.from.${p.from}`)} ·{' '}
                          {p.status !== null ? `HTTP ${p.status}` : (p.error ?? '')} · {p.ms} ms
                          {p.server ? ` · ${p.server}` : ''}
                        </Text>
                      ) : null}
                    </div>
                  );
                })}
                <Text size="xs" c="dimmed">
                  {t('comm.version')}
                </Text>
              </Stack>
            </Section>
            <Section title={t('db.title')} testId="server-info-db">
              <Facts
                rows={[
                  [t('db.version'), d.db.version, 'server-info-version'],
                  ['max_allowed_packet', bytes(d.db.maxAllowedPacket), 'server-info-packet'],
                  [
                    'max_connections',
                    t('db.connections', {
                      max: nf.format(d.db.maxConnections),
                      used: nf.format(d.db.threadsConnected),
                      peak: nf.format(d.db.maxUsedConnections),
                    }),
                    'server-info-connections',
                  ],
                  ['innodb_buffer_pool_size', bytes(d.db.innodbBufferPoolSize), 'server-info-pool'],
                  [t('db.timeZone'), `${d.db.timeZone} (system: ${d.db.systemTimeZone})`],
                  [
                    t('db.clock'),
                    t('db.skew', {
                      utc: d.db.utcNow.replace('T', ' ').slice(0, 19),
                      seconds: Math.round(d.db.skewMs / 1000),
                    }),
                  ],
                ]}
              />
            </Section>
            <Section title={t('fleet.title')} testId="server-info-fleet">
              <Facts
                rows={[
                  [
                    t('fleet.schema'),
                    t('fleet.schemaValue', { level: d.schemaLevel ?? '—', target: d.targetLevel }),
                    'server-info-schema',
                  ],
                  [t('fleet.computers'), nf.format(d.computers), 'server-info-computers'],
                  [
                    t('fleet.software'),
                    `${nf.format(d.softwareRows)}${d.softwareRowsExact ? '' : ` (${t('fleet.estimate')})`}`,
                    'server-info-software',
                  ],
                  [t('fleet.tables'), nf.format(d.tables.length)],
                  [t('fleet.size'), size(d.tables.reduce((s, x) => s + x.dataBytes + x.indexBytes, 0))],
                ]}
              />
            </Section>
          </SimpleGrid>
          <Section title={t('inventories.title')} testId="server-info-inventories">
            <Text size="sm" c="dimmed" mb="xs" data-testid="server-info-inventories-total">
              {t('inventories.total', {
                count: d.inventoriesPerHour.reduce((s, h) => s + h.count, 0),
                last: nf.format(d.inventoriesPerHour.at(-1)?.count ?? 0),
              })}
            </Text>
            <Suspense fallback={<Loader size="sm" aria-hidden />}>
              <InventoriesChart
                data={d.inventoriesPerHour}
                label={t('inventories.chart', {
                  count: d.inventoriesPerHour.reduce((s, h) => s + h.count, 0),
                })}
                seriesLabel={t('inventories.series')}
              />
            </Suspense>
          </Section>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Section title={t('deployments.title')} testId="server-info-deployments">
              {d.deployments.length ? (
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('deployments.status')}</Table.Th>
                      <Table.Th>{t('deployments.category')}</Table.Th>
                      <Table.Th ta="right">{t('deployments.count')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.deployments.map((r) => (
                      <Table.Tr key={r.status ?? ''} data-category={r.category}>
                        <Table.Td>
                          <code>{r.status ?? '—'}</code>
                        </Table.Td>
                        <Table.Td>{t(`deployments.categories.${r.category}`)}</Table.Td>
                        <Table.Td ta="right">{nf.format(r.count)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('deployments.none')}
                </Text>
              )}
            </Section>
            <Section title={t('tables.title')} testId="server-info-tables">
              {/* A focusable scrolling region: keyboard users can scroll it too. */}
              <div
                tabIndex={0}
                role="region"
                aria-label={t('tables.title')}
                style={{ maxHeight: 360, overflow: 'auto' }}
              >
                <Table stickyHeader>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('tables.name')}</Table.Th>
                      <Table.Th>{t('tables.engine')}</Table.Th>
                      <Table.Th ta="right">{t('tables.rows')}</Table.Th>
                      <Table.Th ta="right">{t('tables.data')}</Table.Th>
                      <Table.Th ta="right">{t('tables.index')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.tables.map((x) => (
                      <Table.Tr key={x.name} data-table={x.name}>
                        <Table.Td>{x.name}</Table.Td>
                        <Table.Td>{x.engine ?? '—'}</Table.Td>
                        <Table.Td ta="right">{nf.format(x.rows)}</Table.Td>
                        <Table.Td ta="right">{size(x.dataBytes)}</Table.Td>
                        <Table.Td ta="right">{size(x.indexBytes)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </div>
              <Text size="xs" c="dimmed" mt="xs">
                {t('tables.estimate')}
              </Text>
            </Section>
          </SimpleGrid>
        </>
      ) : null}
    </Stack>
  );
}
