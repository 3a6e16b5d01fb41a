import { Badge, Button, Card, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { FindingList } from './finding-list';
import { loadServerCheck, saveServerCheck, useFindings, useServerCheck, type ServerCheckSettings } from './use-findings';

/** What needs the admin's attention, and a live check of the deployment server's certificate. */
export default function DiagnosticsPage() {
  const { t } = useTranslation('diagnostics');
  const me = useRoute('auth.me', {});
  const { findings, loading, error } = useFindings(me.data?.role === 'admin');
  const [settings, setSettings] = useState<ServerCheckSettings | null>(loadServerCheck);
  const check = useServerCheck(settings);
  const form = useForm<ServerCheckSettings>({ initialValues: settings ?? { url: 'https://', caFile: '' } });
  const submit = form.onSubmit((v) => {
    const next = { url: v.url.trim(), caFile: v.caFile.trim() };
    saveServerCheck(next);
    setSettings(next);
    void check.refetch();
  });
  const s = check.data;
  return (
    <Stack maw={960}>
      <Title order={2}>{t('title')}</Title>
      <ErrorAlert error={error} />
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4">
            {t('findings')}
          </Title>
          {loading ? <Loader size="xs" aria-label={t('checking')} /> : null}
        </Group>
        <FindingList findings={findings} />
      </Card>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          {t('server.heading')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('server.intro')}
        </Text>
        <form onSubmit={submit}>
          <Group align="flex-end" wrap="wrap">
            <TextInput label={t('server.url')} w={360} required {...form.getInputProps('url')} />
            <TextInput label={t('server.caFile')} w={300} placeholder="/etc/ocsinventory/cacert.pem" {...form.getInputProps('caFile')} />
            <Button type="submit" loading={check.isFetching}>
              {t('server.check')}
            </Button>
          </Group>
        </form>
        <ErrorAlert error={check.error} />
        {s ? (
          <Stack gap="xs" mt="md" data-testid="server-check">
            <Group gap="xs">
              <Badge color={s.trusted ? 'green' : 'red'}>{s.trusted ? t('server.trusted') : t('server.untrusted')}</Badge>
              <Badge color={s.hostnameMatches ? 'green' : 'red'}>{s.hostnameMatches ? t('server.nameOk') : t('server.nameBad')}</Badge>
              {s.protocol ? <Badge variant="light">{s.protocol}</Badge> : null}
            </Group>
            {s.trustError ? <Text size="sm" c="red">{s.trustError}</Text> : null}
            {s.warnings.map((w) => (
              <Text key={w.code} size="sm" c={w.code === 'EXPIRES_SOON' ? 'orange' : 'red'}>
                {w.message}
              </Text>
            ))}
            <Table withTableBorder striped aria-label={t('server.chain')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('server.subject')}</Table.Th>
                  <Table.Th>{t('server.issuer')}</Table.Th>
                  <Table.Th>{t('server.names')}</Table.Th>
                  <Table.Th>{t('server.expires')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.chain.map((c) => (
                  <Table.Tr key={c.fingerprint256}>
                    <Table.Td>{c.subject}</Table.Td>
                    <Table.Td>{c.issuer}</Table.Td>
                    <Table.Td>{[...c.dnsNames, ...c.ipAddresses].join(', ')}</Table.Td>
                    <Table.Td>
                      {c.notAfter.slice(0, 10)} ({t('server.daysLeft', { count: c.daysLeft })})
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        ) : null}
      </Card>
    </Stack>
  );
}
