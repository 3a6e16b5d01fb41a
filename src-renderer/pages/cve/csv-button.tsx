import type { CveCsvInput } from '@shared/contract/cve';
import { Button } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { downloadText } from '../../components/download-text';
import { notifyDone, notifyError } from '../../components/error-alert/notify';

/** Exports one CVE list as CSV with the grid's filters and order (cve.exportCsv, inside the perimeter). */
export function CveCsvButton({ input, file }: { input: CveCsvInput; file: string }) {
  const { t } = useTranslation('cve');
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const out = await call('cve.exportCsv', input);
      // A UTF-8 byte order mark, as the other CSV exports: spreadsheet programs then read accents right.
      downloadText(`\uFEFF${out.csv}`, file, 'text/csv;charset=utf-8');
      notifyDone(
        out.truncated ? t('exportTruncated', { count: out.rows }) : t('exported', { count: out.rows }),
        { partial: out.truncated },
      );
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      variant="default"
      leftSection={<IconDownload size={16} aria-hidden />}
      loading={busy}
      onClick={() => void run()}
      data-testid={`cve-csv-${input.list}`}
    >
      {t('export')}
    </Button>
  );
}
