import {
  Anchor,
  Button,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { FindingList } from './finding-list';
import { PerfIndexesCard } from './perf-indexes-card';
import { loadDiagnosticsSettings, saveDiagnosticsSettings, type DiagnosticsSettings } from './settings';
import { useFindings } from './use-findings';

/**
 * Every check of the main side (`diagnostics.run`) with its status light, evidence and fix, and the
 * addresses it uses (kept on this computer; blank: the environment, then the database).
 */
export default function DiagnosticsPage() {
  const { t, i18n } = useTranslation('diagnostics');
  const me = useRoute('auth.me', {});
  const [settings, setSettings] = useState<DiagnosticsSettings>(loadDiagnosticsSettings);
  const { findings, report, loading, fetching, refetch, error } = useFindings(settings);
  const form = useForm<DiagnosticsSettings>({ initialValues: settings });
  const submit = form.onSubmit((v) => {
    const next = {
      commServerUrl: v.commServerUrl.trim(),
      commServerHttpsUrl: v.commServerHttpsUrl.trim(),
      certUrl: v.certUrl.trim(),
      caFile: v.caFile.trim(),
    };
    saveDiagnosticsSettings(next);
    if (JSON.stringify(next) === JSON.stringify(settings)) void refetch();
    else setSettings(next);
  });
  const order = { error: 0, warning: 1, info: 2, ok: 3 } as const;
  const sorted = [...findings].sort((a, b) => order[a.level] - order[b.level]);
  const time = new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' });
  return (
    <Stack maw={1040}>
      <Group justify="space-between">
        <Title order={2}>{t('title')}</Title>
        {me.data?.rights.includes('configure') ? (
          <Anchor component={Link} to="/server-info">
            {t('serverInfoLink')}
          </Anchor>
        ) : null}
      </Group>
      <ErrorAlert error={error} />
      <Card withBorder component="section" aria-label={t('findings')}>
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4">
            {t('findings')}
          </Title>
          <Group gap="sm">
            {report ? (
              <Text size="xs" c="dimmed" data-testid="diagnostics-summary">
                {t('summary', {
                  time: time.format(new Date(report.checkedAt)),
                  seconds: (report.durationMs / 1000).toFixed(1),
                  count: report.findings.length,
                })}
              </Text>
            ) : null}
            {loading ? <Loader size="xs" role="status" aria-label={t('checking')} /> : null}
            <Button
              size="xs"
              variant="light"
              loading={fetching && !loading}
              onClick={() => void refetch()}
              data-testid="diagnostics-rerun"
            >
              {t('rerun')}
            </Button>
          </Group>
        </Group>
        <FindingList findings={sorted} />
      </Card>
      <PerfIndexesCard />
      <Card withBorder component="section" aria-label={t('settings.heading')}>
        <Title order={3} size="h4" mb="xs">
          {t('settings.heading')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('settings.intro')}
        </Text>
        <form onSubmit={submit}>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput
              label={t('settings.commServerUrl')}
              placeholder="http://ocs.example.org/ocsinventory"
              {...form.getInputProps('commServerUrl')}
            />
            <TextInput
              label={t('settings.commServerHttpsUrl')}
              placeholder="https://ocs.example.org/ocsinventory"
              {...form.getInputProps('commServerHttpsUrl')}
            />
            <TextInput
              label={t('settings.certUrl')}
              placeholder="https://ocs.example.org/"
              {...form.getInputProps('certUrl')}
            />
            <TextInput
              label={t('settings.caFile')}
              placeholder="/etc/ocsinventory/cacert.pem"
              {...form.getInputProps('caFile')}
            />
          </SimpleGrid>
          <Group mt="sm">
            {/* data-local: changes only this computer's settings, never the OCS database (no right needed). */}
            <Button type="submit" loading={fetching} data-local>
              {t('settings.save')}
            </Button>
          </Group>
        </form>
      </Card>
    </Stack>
  );
}
