import { Button, Card, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { FindingList } from './finding-list';
import { PerfIndexesCard } from './perf-indexes-card';
import { CheckResultView } from '../certificates/check-result';
import {
  loadServerCheck,
  saveServerCheck,
  useServerCheck,
  type ServerCheckSettings,
} from '../certificates/server-check';
import { useFindings } from './use-findings';

/** What needs the admin's attention, and a live check of the deployment server's certificate. */
export default function DiagnosticsPage() {
  const { t } = useTranslation('diagnostics');
  const me = useRoute('auth.me', {});
  const { findings, loading, error } = useFindings(
    me.data ? me.data.rights.includes('manageOperators') : undefined,
  );
  const [settings, setSettings] = useState<ServerCheckSettings | null>(loadServerCheck);
  const check = useServerCheck(settings);
  const form = useForm<ServerCheckSettings>({ initialValues: settings ?? { url: 'https://', caFile: '' } });
  const submit = form.onSubmit((v) => {
    const next = { url: v.url.trim(), caFile: v.caFile.trim() };
    saveServerCheck(next);
    setSettings(next);
    void check.refetch();
  });
  return (
    <Stack maw={960}>
      <Title order={2}>{t('title')}</Title>
      <ErrorAlert error={error} />
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4">
            {t('findings')}
          </Title>
          {loading ? <Loader size="xs" role="status" aria-label={t('checking')} /> : null}
        </Group>
        <FindingList findings={findings} />
      </Card>
      <PerfIndexesCard />
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
            <TextInput
              label={t('server.caFile')}
              w={300}
              placeholder="/etc/ocsinventory/cacert.pem"
              {...form.getInputProps('caFile')}
            />
            <Button type="submit" loading={check.isFetching}>
              {t('server.check')}
            </Button>
          </Group>
        </form>
        <ErrorAlert error={check.error} />
        {check.data ? <CheckResultView result={check.data} /> : null}
      </Card>
    </Stack>
  );
}
