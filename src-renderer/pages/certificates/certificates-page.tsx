import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RightHint } from '../../components/right-gate/right-gate';
import { useSession } from '../../app-shell/use-session';
import { CertificateWizard } from './certificate-wizard';
import { CheckPanel } from './check-panel';

/** HTTPS for the OCS server: the certificate wizard (administrators) and the live check (everyone). */
export default function CertificatesPage() {
  const { t } = useTranslation('certificates');
  const { operator } = useSession();
  const admin = !!operator?.rights.includes('configure');
  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <Tabs defaultValue={admin ? 'wizard' : 'check'} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="wizard" disabled={!admin}>
            {t('tabWizard')}
          </Tabs.Tab>
          <Tabs.Tab value="check">{t('tabCheck')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="wizard" pt="md">
          {admin ? <CertificateWizard /> : <RightHint right="configure">{t('adminOnly')}</RightHint>}
        </Tabs.Panel>
        <Tabs.Panel value="check" pt="md">
          <CheckPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
