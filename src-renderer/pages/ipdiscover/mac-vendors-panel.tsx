import { compactOuiList, parseOuiList } from '@shared/net/mac-vendors';
import { Alert, FileButton, Group, Stack, Text } from '@mantine/core';
import { IconFileImport, IconRestore } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RightButton } from '../../components/right-gate/right-gate';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

const INVALIDATES = [
  'ipdiscover.macVendorStatus',
  'ipdiscover.listDevices',
  'ipdiscover.listComputers',
  'computers.detail',
] as const;

/**
 * The MAC vendor list the IP discovery lists and the computer detail use: the one shipped with the app, or
 * a newer public OUI list the admin picks. The file is read and compacted here (an IEEE oui.txt is ~6 MB,
 * its vendor lines well under the request limit) and checked again by the main process.
 */
export function MacVendorsPanel({ canChange }: { canChange: boolean }) {
  const { t } = useTranslation('ipdiscover');
  const status = useRoute('ipdiscover.macVendorStatus', {});
  const refresh = useAction('ipdiscover.refreshMacVendors', { invalidates: [...INVALIDATES] });
  const [problem, setProblem] = useState<string | null>(null);
  const pick = async (file: File | null) => {
    setProblem(null);
    if (!file) return;
    const entries = parseOuiList(await file.text());
    if (!entries.length) {
      setProblem(t('vendors.empty', { name: file.name }));
      return;
    }
    refresh.mutate({ kind: 'file', name: file.name, text: compactOuiList(entries) });
  };
  const st = status.data;
  return (
    <Stack maw={720} data-testid="mac-vendors">
      <Text>{t('vendors.intro')}</Text>
      <ErrorAlert error={status.error ?? refresh.error} />
      {problem ? (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      ) : null}
      {st ? (
        <Text fw={600} data-testid="mac-vendors-status">
          {t(`vendors.source.${st.source}`, { count: st.prefixes })}
          {st.note ? ` · ${st.note}` : ''}
        </Text>
      ) : null}
      {/* Without the right the action stays in view, disabled, with the right it needs. */}
      <Group>
        {canChange ? (
          <FileButton onChange={(f) => void pick(f)} accept=".txt,.csv,.tsv,text/plain,text/csv">
            {(props) => (
              <RightButton
                right="configure"
                {...props}
                leftSection={<IconFileImport size={16} aria-hidden />}
                loading={refresh.isPending}
              >
                {t('vendors.refresh')}
              </RightButton>
            )}
          </FileButton>
        ) : (
          <RightButton right="configure" leftSection={<IconFileImport size={16} aria-hidden />}>
            {t('vendors.refresh')}
          </RightButton>
        )}
        {st?.source === 'own' ? (
          <RightButton
            right="configure"
            variant="default"
            leftSection={<IconRestore size={16} aria-hidden />}
            onClick={() => refresh.mutate({ kind: 'reset' })}
          >
            {t('vendors.reset')}
          </RightButton>
        ) : null}
      </Group>
      <Text size="sm">{t('vendors.formats')}</Text>
    </Stack>
  );
}
