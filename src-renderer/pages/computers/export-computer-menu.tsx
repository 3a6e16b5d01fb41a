import type { SingleExportFormat } from '@shared/contract/export';
import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconFileExport } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { downloadBase64 } from '../../components/download-text';
import { notifyError } from '../../components/error-alert/notify';

const FORMATS: SingleExportFormat[] = ['ocs', 'xml', 'json'];

/** Downloads one computer as an inventory file (export.computer): what the comm server and the import accept. */
export function ExportComputerMenu({ id }: { id: number }) {
  const { t } = useTranslation(['computers', 'common']);
  const [busy, setBusy] = useState(false);
  const download = async (format: SingleExportFormat) => {
    setBusy(true);
    try {
      const f = await call('export.computer', { id, format });
      downloadBase64(f.base64, f.fileName, f.mime);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button
          variant="default"
          loading={busy}
          leftSection={<IconFileExport size={16} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
          data-testid="export-computer"
        >
          {t('export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {FORMATS.map((f) => (
          <Menu.Item key={f} onClick={() => void download(f)} data-format={f}>
            {t(`export.format.${f}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
