import { Stack, Tabs, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RightHint } from '../../components/right-gate/right-gate';
import { useSession } from '../../app-shell/use-session';
import { AnalysisPanel } from './analysis-panel';
import { DeviceTypesPanel } from './device-types-panel';
import { MacVendorsPanel } from './mac-vendors-panel';
import { NetworksPanel } from './networks-panel';

/** IP discovery: networks and their counts, device types, analysis of hosts from this machine. */
export default function IpdiscoverPage() {
  const { t } = useTranslation('ipdiscover');
  const { operator } = useSession();
  // Subnets, device types, analyses: manageIpdiscover; identifying devices: identifyDevices.
  const isAdmin = !!operator?.rights.includes('manageIpdiscover');
  const canIdentify = !!operator?.rights.includes('identifyDevices');
  const [tab, setTab] = useState<string | null>('networks');
  const [analyse, setAnalyse] = useState<{ netId?: string; targets?: string; seq: number } | null>(null);
  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="networks" data-testid="tab-networks">
            {t('tabNetworks')}
          </Tabs.Tab>
          <Tabs.Tab value="types" data-testid="tab-types">
            {t('tabTypes')}
          </Tabs.Tab>
          <Tabs.Tab value="analysis" data-testid="tab-analysis">
            {t('tabAnalysis')}
          </Tabs.Tab>
          <Tabs.Tab value="vendors" data-testid="tab-vendors">
            {t('tabVendors')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="networks" pt="md">
          <RightHint right="manageIpdiscover" />
          <NetworksPanel
            isAdmin={isAdmin}
            canIdentify={canIdentify}
            onAnalyse={(netId) => {
              setAnalyse({ netId, seq: Date.now() });
              setTab('analysis');
            }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="types" pt="md">
          <RightHint right="manageIpdiscover" />
          <DeviceTypesPanel isAdmin={isAdmin} />
        </Tabs.Panel>
        <Tabs.Panel value="analysis" pt="md">
          <RightHint right="manageIpdiscover" />
          <AnalysisPanel key={analyse?.seq ?? 0} isAdmin={isAdmin} request={analyse} />
        </Tabs.Panel>
        <Tabs.Panel value="vendors" pt="md">
          <RightHint right="configure" />
          <MacVendorsPanel canChange={!!operator?.rights.includes('configure')} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
