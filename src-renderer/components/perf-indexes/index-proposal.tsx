import type { ConnectionStatus } from '@shared/contract/connection';
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconBolt } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRoute } from '../../api/hooks';
import {
  dismissProposal,
  estimateOf,
  formatBytes,
  formatSeconds,
  missingIndexes,
  PROPOSE_FROM_COMPUTERS,
  proposalDismissed,
  proposalKey,
  WHOLE_FLEET,
} from './perf-indexes';
import { WhoCanFix } from './who-can-fix';

/**
 * After login, once per database: when the fleet has at least PROPOSE_FROM_COMPUTERS computers and the
 * optional indexes are missing, says what they would bring and what they cost, and leads to Diagnostics.
 * Dismissing (or following the link) is remembered for this database.
 */
export function IndexProposal({ connection }: { connection: ConnectionStatus }) {
  const { t, i18n } = useTranslation('indexes');
  const key = proposalKey(connection);
  const [dismissed, setDismissed] = useState(() => proposalDismissed(key));
  const count = useRoute('computers.total', WHOLE_FLEET, { enabled: !dismissed, staleTime: 60_000 });
  const big = (count.data?.total ?? 0) >= PROPOSE_FROM_COMPUTERS;
  const report = useRoute('computers.perfIndexes', {}, { enabled: !dismissed && big });
  const missing = missingIndexes(report.data);
  if (dismissed || !big || !report.data || missing.length === 0) return null;
  const est = estimateOf(missing);
  const close = () => {
    dismissProposal(key);
    setDismissed(true);
  };
  const lang = i18n.language;
  return (
    <Alert
      mb="md"
      variant="light"
      color="blue"
      icon={<IconBolt aria-hidden />}
      title={t('proposal.title')}
      data-testid="index-proposal"
      styles={{
        title: { color: 'var(--mantine-color-text)' },
        message: { color: 'var(--mantine-color-text)' },
      }}
    >
      <Text size="sm">
        {t('proposal.message', {
          count: new Intl.NumberFormat(lang).format(count.data!.total!),
          missing: missing.length,
          all: report.data!.indexes.length,
          time: formatSeconds(est.seconds, lang),
          disk: formatBytes(est.bytes, lang),
        })}
      </Text>
      <WhoCanFix report={report.data} />
      <Group mt="xs" gap="sm">
        <Button size="xs" component={Link} to="/diagnostics#indexes" onClick={close}>
          {t('proposal.review')}
        </Button>
        <Button size="xs" variant="default" onClick={close}>
          {t('proposal.dismiss')}
        </Button>
      </Group>
    </Alert>
  );
}
