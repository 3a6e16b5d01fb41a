import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { CheckResultView } from './check-result';
import { loadServerCheck, saveServerCheck, useServerCheck, type ServerCheckSettings } from './server-check';

/**
 * Connects to the deployment server's HTTPS URL: chain, names, expiry, trust against a cacert.pem.
 * The address is remembered, so the home and diagnostics screens keep watching its expiry.
 */
export function CheckPanel() {
  const { t } = useTranslation('certificates');
  const saved = loadServerCheck();
  const [url, setUrl] = useState(saved?.url ?? 'https://');
  const [caFile, setCaFile] = useState(saved?.caFile ?? '');
  const [settings, setSettings] = useState<ServerCheckSettings | null>(saved);
  const check = useServerCheck(settings);
  return (
    <Stack gap="sm" data-testid="cert-check">
      <Group grow align="flex-end">
        <TextInput label={t('checkUrl')} value={url} onChange={(e) => setUrl(e.currentTarget.value)} />
        <TextInput
          label={t('checkCa')}
          description={t('checkCaHint')}
          value={caFile}
          onChange={(e) => setCaFile(e.currentTarget.value)}
        />
      </Group>
      <Group>
        <Button
          data-testid="cert-check-run"
          loading={check.isFetching}
          onClick={() => {
            const next = { url: url.trim(), caFile: caFile.trim() };
            saveServerCheck(next);
            setSettings(next);
            void check.refetch();
          }}
        >
          {t('checkRun')}
        </Button>
      </Group>
      <ErrorAlert error={check.error} />
      {check.data ? <CheckResultView result={check.data} /> : null}
    </Stack>
  );
}
