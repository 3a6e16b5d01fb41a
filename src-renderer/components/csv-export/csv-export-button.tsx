import type { CsvText } from '@shared/contract/route';
import { Button } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { downloadText } from '../download-text';
import { notifyDone, notifyError } from '../error-alert/notify';

/**
 * One CSV export button for every server-side CSV route: runs it, saves the file with a UTF-8 byte
 * order mark (without it Excel reads the file as ANSI and mangles accents), then says how many rows
 * it holds, in yellow when the route's cap cut the list; a failure is the usual error notification.
 */
export function CsvExportButton({
  exportCsv,
  file,
  label,
  done,
  disabled,
  testId,
}: {
  exportCsv: () => Promise<CsvText>;
  file: string;
  label: ReactNode;
  /** The message once saved, e.g. "1,204 rows exported" or "the first 50,000 rows". */
  done: (out: CsvText) => ReactNode;
  disabled?: boolean;
  testId?: string;
}) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const out = await exportCsv();
      downloadText(
        out.csv.startsWith('\uFEFF') ? out.csv : `\uFEFF${out.csv}`,
        file,
        'text/csv;charset=utf-8',
      );
      notifyDone(done(out), { partial: out.truncated });
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
      disabled={disabled}
      onClick={() => void run()}
      data-testid={testId}
    >
      {label}
    </Button>
  );
}
