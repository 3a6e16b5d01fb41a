import type { DuplicateCriterion } from '@shared/contract/duplicates';
import { Stack, Tabs, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RightHint } from '../../components/right-gate/right-gate';
import { useSession } from '../../app-shell/use-session';
import { BlacklistsPanel } from './blacklists-panel';
import { GroupsPanel } from './groups-panel';
import { SummaryCards } from './summary-cards';

/** Duplicates (ocsreports "Duplicates"): counts per criterion, the groups of one criterion, merge; blacklists. */
export default function DuplicatesPage() {
  const { t } = useTranslation('duplicates');
  const { operator } = useSession();
  const canMerge = !!operator?.rights.includes('mergeDuplicates');
  const canConfigure = !!operator?.rights.includes('configure');
  const [criterion, setCriterion] = useState<DuplicateCriterion>('hostname_serial');
  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <Tabs defaultValue="groups">
        <Tabs.List>
          <Tabs.Tab value="groups" data-testid="tab-groups">
            {t('tabGroups')}
          </Tabs.Tab>
          <Tabs.Tab value="blacklists" data-testid="tab-blacklists">
            {t('tabBlacklists')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="groups" pt="md">
          <Stack>
            <SummaryCards value={criterion} onChange={setCriterion} />
            <GroupsPanel key={criterion} criterion={criterion} isAdmin={canMerge} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="blacklists" pt="md">
          <Stack>
            <RightHint right="configure" />
            <BlacklistsPanel isAdmin={canConfigure} />
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
