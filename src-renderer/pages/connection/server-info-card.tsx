import type { ServerInfo } from '@shared/contract/connection';
import { Alert, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** What a successful test found: server version and the state of the OCS schema. */
export function ServerInfoCard({ info }: { info: ServerInfo }) {
  const { t } = useTranslation('connection');
  const s = info.schema;
  return (
    <Alert
      color={s.state === 'ok' || s.state === 'old' ? 'green' : 'yellow'}
      icon={<IconCircleCheck aria-hidden />}
      title={t('result.title')}
      data-testid="server-info"
    >
      <Text size="sm" data-testid="server-version">
        {t('result.server', { flavor: info.flavor, version: info.serverVersion })}
      </Text>
      <Text size="sm" data-testid="schema-state" data-state={s.state}>
        {t(`result.schema.${s.state}`, { level: s.guiVersion, tables: s.tables, computers: s.computers })}
      </Text>
    </Alert>
  );
}
