import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../../api/hooks';

/**
 * The one alert for a server option that decides whether agents get what a screen prepares (DOWNLOAD for
 * packages, DEPLOY for agent files): a warning when it is off, never by colour alone (icon and title), and
 * optionally a quiet confirmation when it is on.
 */
export function OptionAlert({
  on,
  title,
  children,
  testId,
}: {
  on: boolean;
  title: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Alert
      color={on ? 'green' : 'yellow'}
      variant="light"
      icon={on ? <IconCircleCheck aria-hidden /> : <IconAlertTriangle aria-hidden />}
      title={title}
      data-testid={testId}
      data-option-state={on ? 'on' : 'off'}
      // Tinted titles fall below 4.5:1 on the light background: the title keeps the text colour.
      styles={{
        title: { color: 'var(--mantine-color-text)' },
        message: { color: 'var(--mantine-color-text)' },
      }}
    >
      {typeof children === 'string' ? <Text size="sm">{children}</Text> : children}
    </Alert>
  );
}

/**
 * Deployment is switched off server-wide (config DOWNLOAD = 0): packages built, activated and assigned are
 * never downloaded by the agents until it is on. Shown wherever those actions are (packages, assignment
 * forms, a group's packages).
 */
export function DownloadOffWarning() {
  const { t } = useTranslation('packages');
  const options = useRoute('options.list', {});
  const download = options.data?.find((o) => o.name === 'DOWNLOAD');
  if (!download || download.effective !== 0) return null;
  return (
    <OptionAlert on={false} title={t('downloadOff.title')} testId="download-off">
      {t('downloadOff.message')}
    </OptionAlert>
  );
}
