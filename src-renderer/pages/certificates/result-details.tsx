import type { IssueResult } from '@shared/contract/certificates';
import { Alert, Code, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** What was issued: the certificate's subject, issuer, names and validity, the agents' note, the server snippets. */
export function ResultDetails({ result }: { result: IssueResult }) {
  const { t } = useTranslation('certificates');
  const c = result.certificate;
  return (
    <Stack gap="sm" data-testid="cert-result">
      {c ? (
        <Alert color={c.expiry === 'ok' ? 'green' : 'yellow'} title={t('certificateTitle')}>
          <Text size="sm">
            {t('subject')}: {c.subject}
          </Text>
          <Text size="sm">
            {t('issuer')}: {c.issuer}
          </Text>
          <Text size="sm">
            {t('names')}: {[...c.dnsNames, ...c.ipAddresses].join(', ')}
          </Text>
          <Text size="sm">
            {t('validUntil', { date: c.notAfter.slice(0, 10), days: c.daysLeft })} · {c.keyType}
          </Text>
        </Alert>
      ) : null}
      {result.agentNote ? (
        <Alert color="blue" title={t('agentsTitle')} data-testid="cert-agent-note">
          {result.agentNote}
        </Alert>
      ) : null}
      {result.snippets ? (
        <>
          <Title order={5}>{t('apacheSnippet')}</Title>
          <Code block data-testid="snippet-apache">
            {result.snippets.apache}
          </Code>
          <Title order={5}>{t('nginxSnippet')}</Title>
          <Code block data-testid="snippet-nginx">
            {result.snippets.nginx}
          </Code>
        </>
      ) : null}
    </Stack>
  );
}
