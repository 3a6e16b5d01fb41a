import { severityOf, type Severity } from '@shared/contract/cve';
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Dark enough for white text (WCAG AA, ≥ 4.5:1) in both schemes; the band is also written out. */
const COLOUR: Record<Severity, string> = {
  critical: '#a61e1e',
  high: '#b35000',
  medium: '#7a5c00',
  low: '#1864ab',
  none: '#495057',
};

/** A CVSS score with its CVSS v3 band (colour plus words). */
export function SeverityBadge({ cvss }: { cvss: number }) {
  const { t, i18n } = useTranslation('cve');
  const band = severityOf(cvss);
  const score = new Intl.NumberFormat(i18n.language, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(cvss);
  return (
    <Badge color={COLOUR[band]} variant="filled" data-severity={band}>
      {t('bandScore', { band: t(`band.${band}`), score })}
    </Badge>
  );
}
