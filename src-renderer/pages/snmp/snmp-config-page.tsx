import { Stack, Tabs, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { RightHint, useRight } from '../../components/right-gate/right-gate';
import { SnmpCommunitiesPanel } from './snmp-communities-panel';
import { SnmpLabelsPanel } from './snmp-labels-panel';
import { SnmpMibPanel } from './snmp-mib-panel';
import { SnmpPreviewPanel } from './snmp-preview-panel';
import { SnmpTypesPanel } from './snmp-types-panel';

/**
 * SNMP configuration (right `configure`): types and their conditions, labels, OID configuration, MIB
 * files, the preview from this machine; communities need `manageIpdiscover`, where ocsreports has them.
 */
export default function SnmpConfigPage() {
  const { t } = useTranslation('snmp');
  const canCommunities = useRight('manageIpdiscover').allowed;
  const config = useRoute('snmp.config', {});
  const [tab, setTab] = useState<string | null>('types');
  const types = config.data?.types ?? [];
  const labels = config.data?.labels ?? [];
  return (
    <Stack>
      <Title order={2}>{t('configTitle')}</Title>
      <ErrorAlert error={config.error} />
      {/* Shown only when the DB account may not write (the page itself needs the right). */}
      <RightHint right="configure" />
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="types" data-testid="snmp-tab-types">
            {t('tabs.types')}
          </Tabs.Tab>
          <Tabs.Tab value="labels" data-testid="snmp-tab-labels">
            {t('tabs.labels')}
          </Tabs.Tab>
          <Tabs.Tab value="communities" data-testid="snmp-tab-communities">
            {t('tabs.communities')}
          </Tabs.Tab>
          <Tabs.Tab value="mib" data-testid="snmp-tab-mib">
            {t('tabs.mib')}
          </Tabs.Tab>
          <Tabs.Tab value="preview" data-testid="snmp-tab-preview">
            {t('tabs.preview')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="types" pt="md">
          <SnmpTypesPanel types={types} labels={labels} />
        </Tabs.Panel>
        <Tabs.Panel value="labels" pt="md">
          <SnmpLabelsPanel labels={labels} />
        </Tabs.Panel>
        <Tabs.Panel value="communities" pt="md">
          {canCommunities ? (
            <SnmpCommunitiesPanel />
          ) : (
            <div data-testid="snmp-communities-no-right">
              <RightHint right="manageIpdiscover">{t('communities.noRight')}</RightHint>
            </div>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="mib" pt="md">
          <SnmpMibPanel types={types} labels={labels} />
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="md">
          <SnmpPreviewPanel types={types} canUseStored={canCommunities} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
