import type { CheckResult } from '@shared/contract/certificates';
import { Alert, Badge, Group, Stack, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A live server check: trust, name, protocol, 30-day expiry warnings and the chain. */
export function CheckResultView({ result: r }: { result: CheckResult }) {
  const { t } = useTranslation('certificates');
  return (
    <Stack gap="xs" data-testid="cert-check-result">
      <Group>
        <Badge color={r.trusted ? 'green' : 'red'}>{r.trusted ? t('trusted') : t('untrusted')}</Badge>
        <Badge color={r.hostnameMatches ? 'green' : 'red'}>
          {r.hostnameMatches ? t('nameOk') : t('nameBad')}
        </Badge>
        {r.protocol ? <Badge color="gray">{r.protocol}</Badge> : null}
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
  );
}
