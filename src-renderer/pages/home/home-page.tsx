import type { TopSoftware } from '@shared/contract/dashboard';
import { Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { FindingList } from '../diagnostics/finding-list';
import { useFindings } from '../diagnostics/use-findings';
import { DeploymentsCard } from './deployments-card';
import { DistributionCard } from './distribution-card';
import { FleetTiles } from './fleet-tiles';
import { IpdiscoverCard } from './ipdiscover-card';
import { searchLink, valueCriterion } from './links';
import { SnmpCard } from './snmp-card';

/** When the top software was counted, or since when it is being counted, or why it is not. */
function softwareFooter(
  c: TopSoftware['counts'] | undefined,
  say: (key: string, time: string) => string,
): string | undefined {
  if (!c) return undefined;
  if (c.computedAt) return say('softwareAsOf', c.computedAt);
  if (c.countingSince) return say('softwareCounting', c.countingSince);
  return c.failed ? say(c.failed === 'timeout' ? 'softwareTimeout' : 'softwareFailed', '') : undefined;
}

/**
 * Landing page: the fleet within the operator's TAG perimeter (every figure opens the computers it
 * counts), what needs attention (the Diagnostics checks themselves), and where am I connected.
 */
export default function HomePage() {
  const { t, i18n } = useTranslation(['home', 'diagnostics']);
  const status = useRoute('connection.status', {});
  const me = useRoute('auth.me', {});
  const system = useRoute('system.info', {});
  const summary = useRoute('dashboard.summary', {}, { staleTime: 30_000 });
  const tags = useRoute('tags.repartition', { column: 'TAG' }, { staleTime: 30_000 });
  // Counted in the background on the main side: asked again every few seconds until the count arrives.
  const software = useRoute(
    'dashboard.topSoftware',
    { limit: 10 },
    {
      staleTime: 60_000,
      refetchInterval: (q) => (q.state.data && !q.state.data.counts.computedAt ? 3000 : false),
    },
  );
  const softwareCounts = software.data?.counts;
  // The same route as Diagnostics and `ocs-desk diagnose` (the checks run on the main side).
  const { findings, loading, error } = useFindings();
  const attention = findings.filter((f) => f.level === 'error' || f.level === 'warning');
  const c = status.data;
  const d = summary.data;
  const total = d?.total ?? 0;
  const none = t('empty');
  const dt = new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' });
  const tagTop = (tags.data?.counts ?? []).slice(0, 10);
  const tagRest = (tags.data?.counts ?? []).slice(10);

  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <ErrorAlert error={status.error ?? me.error ?? summary.error} />
      <FleetTiles data={d} />
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
        <DistributionCard
          title={t('os')}
          kind="donut"
          testId="dash-os"
          loading={summary.isLoading}
          of={total}
          items={d?.os.top.map((x) => ({
            key: x.value ?? '',
            label: x.value ?? none,
            count: x.count,
            to: searchLink([valueCriterion('hardware.OSNAME', x.value)]),
          }))}
          rest={d ? { count: d.os.rest, values: d.os.others } : undefined}
        />
        <DistributionCard
          title={t('osVersions')}
          kind="bar"
          testId="dash-osversions"
          loading={summary.isLoading}
          of={total}
          items={d?.osVersions.map((x) => ({
            key: `${x.os ?? ''}\u0000${x.version ?? ''}`,
            label: `${x.os ?? none} ${x.version ?? ''}`.trim(),
            count: x.count,
            to: searchLink([
              valueCriterion('hardware.OSNAME', x.os),
              valueCriterion('hardware.OSVERSION', x.version),
            ]),
          }))}
        />
        <DistributionCard
          title={t('agents')}
          kind="bar"
          testId="dash-agents"
          loading={summary.isLoading}
          of={total}
          items={d?.agents.top.map((x) => ({
            key: x.value ?? '',
            label: x.value ?? none,
            count: x.count,
            to: searchLink([valueCriterion('hardware.USERAGENT', x.value)]),
          }))}
          rest={d ? { count: d.agents.rest, values: d.agents.others } : undefined}
        />
        <DistributionCard
          title={t('tags')}
          kind="bar"
          testId="dash-tags"
          loading={tags.isLoading}
          of={tags.data?.total ?? 0}
          items={tagTop.map((x) => ({
            key: x.value ?? '',
            label: x.value ?? t('tags:none'),
            count: x.count,
            to: searchLink([valueCriterion('accountinfo.TAG', x.value)]),
          }))}
          rest={{ count: tagRest.reduce((s, x) => s + x.count, 0), values: tagRest.length }}
        />
        <DistributionCard
          title={t('software')}
          kind="bar"
          testId="dash-software"
          loading={software.isLoading || (!!softwareCounts?.countingSince && !softwareCounts.computedAt)}
          of={total}
          items={software.data?.rows.map((x) => ({
            key: x.name,
            label: x.name,
            count: x.computers,
            to: searchLink([{ field: 'software.NAME', op: 'HAS', value: x.name }]),
          }))}
          footer={softwareFooter(softwareCounts, (key, time) => t(key, { time: dt.format(new Date(time)) }))}
        />
        <DeploymentsCard data={d} loading={summary.isLoading} />
        <IpdiscoverCard />
        <SnmpCard />
        <Card withBorder component="section" aria-label={t('diagnostics:attention')}>
          <Group justify="space-between" mb="xs">
            <Text component="h3" size="xs" c="dimmed" tt="uppercase" fw={700} m={0}>
              {t('diagnostics:attention')}
            </Text>
            {loading ? <Loader size="xs" aria-hidden /> : null}
          </Group>
          {/* The same checks as Diagnostics: "all good" only once every one of them has answered. */}
          <ErrorAlert error={error} />
          {attention.length ? <FindingList findings={attention} compact /> : null}
          {loading ? (
            <Text size="sm" c="dimmed" data-testid="home-checking">
              {t('diagnostics:checking')}
            </Text>
          ) : !attention.length && !error ? (
            <Text size="sm" data-testid="home-all-good">
              {t('diagnostics:allGood')}
            </Text>
          ) : null}
        </Card>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card withBorder>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {t('database')}
          </Text>
          <Text fw={600} data-testid="home-database">
            {c?.database}
          </Text>
          <Text size="sm" c="dimmed">
            {c ? `${c.user}@${c.host}:${c.port}` : ''}
          </Text>
          <Text size="sm" c="dimmed" data-testid="home-server-version">
            {c?.serverVersion}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {t('operator')}
          </Text>
          <Text fw={600}>{me.data?.login}</Text>
          <Text size="sm" c="dimmed">
            {me.data?.profile ?? ''}
            {me.data?.tags ? ` · ${t('perimeter', { tags: me.data.tags.join(', ') || '∅' })}` : ''}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {t('application')}
          </Text>
          <Text fw={600}>OCS Desk {system.data?.appVersion}</Text>
          <Text size="sm" c="dimmed">
            {system.data ? t(`door.${system.data.door}`) : ''}
          </Text>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
