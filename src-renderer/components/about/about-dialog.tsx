import { Alert, Button, CopyButton, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { IconCopy, IconFileText } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useAction, useRoute } from '../../api/hooks';
import { DESKTOP_NS } from '../../i18n/lazy/desktop';
import { ErrorAlert } from '../error-alert/error-alert';

/**
 * The About box of the window (the native one is in Electron's Help menu): the versions system.about
 * reports, and Open logs (system.openLogs: the Electron app opens the folder, the web shell shows the
 * path, since a browser page cannot open a folder of this computer).
 */
export default function AboutDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation([DESKTOP_NS, 'common']);
  const about = useRoute('system.about', {});
  const logs = useAction('system.openLogs');
  const a = about.data;
  const rows: Array<[string, string | null | undefined, string?]> = a
    ? [
        [t('about.app'), a.appVersion],
        [t('about.electron'), a.electron ?? t('about.none')],
        [t('about.chromium'), a.chromium ?? t('about.none')],
        [t('about.node'), a.node],
        [t('about.platform'), `${a.platform} ${a.arch}`],
        [t('about.dbServer'), a.dbServer ?? t('about.notConnected')],
        [t('about.schemaLevel'), a.schemaLevel ?? t('about.notConnected')],
      ]
    : [];
  const r = logs.data;
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('about.title')}
      closeButtonProps={{ 'aria-label': t('common:action.close') }}
      data-testid="about-dialog"
    >
      <Stack gap="md">
        <ErrorAlert error={about.error ?? logs.error} />
        {about.isPending ? <Loader size="sm" aria-label={t('about.title')} /> : null}
        {a ? (
          <Table withRowBorders={false} verticalSpacing={4} data-testid="about-versions">
            <Table.Tbody>
              {rows.map(([label, value]) => (
                <Table.Tr key={label}>
                  <Table.Th scope="row" fw={500} w="45%">
                    {label}
                  </Table.Th>
                  <Table.Td ff="monospace">{value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        {r ? (
          <Alert color={r.file ? 'blue' : 'gray'} data-testid="logs-result" role="status">
            <Stack gap={6}>
              <Text size="sm" style={{ wordBreak: 'break-all' }}>
                {!r.file
                  ? t('about.noLogs')
                  : r.opened
                    ? t('about.logsOpened', { folder: r.folder ?? '' })
                    : t('about.logsPath', { file: r.file })}
              </Text>
              {r.file ? (
                <CopyButton value={r.file}>
                  {({ copied, copy }) => (
                    <Button
                      size="compact-xs"
                      variant="default"
                      w="fit-content"
                      leftSection={<IconCopy size={12} aria-hidden />}
                      onClick={copy}
                    >
                      {copied ? t('about.copied') : t('about.copy')}
                    </Button>
                  )}
                </CopyButton>
              ) : null}
            </Stack>
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button
            variant="default"
            leftSection={<IconFileText size={16} aria-hidden />}
            loading={logs.isPending}
            onClick={() => logs.mutate({})}
            data-testid="open-logs"
          >
            {t('about.logs')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
