import type { CveCsvInput } from '@shared/contract/cve';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { CsvExportButton } from '../../components/csv-export/csv-export-button';

/** Exports one CVE list as CSV with the grid's filters and order (cve.exportCsv, inside the perimeter). */
export function CveCsvButton({ input, file }: { input: CveCsvInput; file: string }) {
  const { t } = useTranslation('cve');
  return (
    <CsvExportButton
      exportCsv={() => call('cve.exportCsv', input)}
      file={file}
      label={t('export')}
      done={(out) =>
        out.truncated ? t('exportTruncated', { count: out.rows }) : t('exported', { count: out.rows })
      }
      testId={`cve-csv-${input.list}`}
    />
  );
}
