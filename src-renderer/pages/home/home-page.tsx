import { Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { FindingList } from '../diagnostics/finding-list';
import { useFindings } from '../diagnostics/use-findings';

/** Landing page: where am I connected, as whom, and what the server is. */
export default function HomePage() {
  const { t } = useTranslation(['home', 'diagnostics']);
  const status = useRoute('connection.status', {});
  const me = useRoute('auth.me', {});
  const system = useRoute('system.info', {});
  const fleet = useRoute('computers.list', { limit: 1 });
  const { findings, loading, error } = useFindings(
    me.data ? me.data.rights.includes('manageOperators') : undefined,
  );
  const attention = findings.filter((f) => f.level !== 'ok');
  const c = status.data;
  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <ErrorAlert error={status.error ?? me.error} />
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
            {me.data?.profile ? ` (${me.data.profile})` : ''}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {t('application')}
          </Text>
          <Group gap="xs">
            <Text fw={600}>OCS Desk {system.data?.appVersion}</Text>
          </Group>
          <Text size="sm" c="dimmed">
            {system.data ? t(`door.${system.data.door}`) : ''}
          </Text>
        </Card>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {t('diagnostics:home.computers')}
          </Text>
          <Text fw={600} size="xl" data-testid="home-computers">
            {fleet.data ? t('diagnostics:home.computersCount', { count: fleet.data.total }) : '…'}
          </Text>
        </Card>
        <Card withBorder>
          <Group justify="space-between" mb="xs">
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              {t('diagnostics:attention')}
            </Text>
            {loading ? <Loader size="xs" aria-hidden /> : null}
          </Group>
          {/* The same checks as Diagnostics: "all good" only once every one of them has answered. */}
          <ErrorAlert error={error} />
          {attention.length ? <FindingList findings={attention} /> : null}
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
    </Stack>
  );
}
