import { Alert, Badge, Button, Group, Stack, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

/** Connects to the deployment server's HTTPS URL: chain, names, expiry, trust against a cacert.pem. */
export function CheckPanel() {
  const { t } = useTranslation('certificates');
  const [url, setUrl] = useState(() => localStorage.getItem('ocs-desk-cert-check-url') ?? 'https://');
  const [caFile, setCaFile] = useState(() => localStorage.getItem('ocs-desk-cert-check-ca') ?? '');
  const check = useAction('certificates.check');
  const r = check.data;
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
          loading={check.isPending}
          onClick={() => {
            localStorage.setItem('ocs-desk-cert-check-url', url);
            localStorage.setItem('ocs-desk-cert-check-ca', caFile);
            check.mutate({ url, caFile: caFile || undefined });
          }}
        >
          {t('checkRun')}
        </Button>
      </Group>
      <ErrorAlert error={check.error} />
      {r ? (
        <Stack gap="xs" data-testid="cert-check-result">
          <Group>
            <Badge color={r.trusted ? 'green' : 'red'}>{r.trusted ? t('trusted') : t('untrusted')}</Badge>
            <Badge color={r.hostnameMatches ? 'green' : 'red'}>
              {r.hostnameMatches ? t('nameOk') : t('nameBad')}
            </Badge>
            <Badge color="gray">{r.protocol}</Badge>
          </Group>
          {r.warnings.map((w) => (
            <Alert key={w.code} color={w.code === 'EXPIRES_SOON' ? 'yellow' : 'red'} data-warning={w.code}>
              {w.message}
            </Alert>
          ))}
          <Table withTableBorder fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>{t('subject')}</Table.Th>
                <Table.Th>{t('issuer')}</Table.Th>
                <Table.Th>{t('names')}</Table.Th>
                <Table.Th>{t('expires')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.chain.map((c, i) => (
                <Table.Tr key={c.fingerprint256}>
                  <Table.Td>{i}</Table.Td>
                  <Table.Td>{c.subject}</Table.Td>
                  <Table.Td>{c.issuer}</Table.Td>
                  <Table.Td>{[...c.dnsNames, ...c.ipAddresses].join(', ')}</Table.Td>
                  <Table.Td>
                    {c.notAfter.slice(0, 10)} ({t('daysLeft', { count: c.daysLeft })})
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ) : null}
    </Stack>
  );
}
