import type { SectionRow } from '@shared/contract/computers';
import {
  formatSectionValue,
  isNumericField,
  orderSectionColumns,
  SECTION_HIDDEN as HIDDEN,
  sectionFieldLabel,
} from '@shared/i18n/section-fields';
import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function uiLang(lang: string): 'en' | 'fr' {
  return lang.startsWith('fr') ? 'fr' : 'en';
}

/** Columns of a multi-row section: every key that has a value in at least one row. */
export function sectionColumns(rows: SectionRow[]): string[] {
  const cols: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const [k, v] of Object.entries(r)) {
      if (HIDDEN.has(k) || seen.has(k) || v === null || v === '') continue;
      seen.add(k);
      cols.push(k);
    }
  }
  return cols;
}

/**
 * A plain table of a section (prints whole, unlike the virtualised grid): columns in the operator's words
 * with their units, numbers grouped, zero dates empty, MAC addresses with their maker.
 */
export function SectionTable({
  rows,
  label,
  section,
  macVendors,
}: {
  rows: SectionRow[];
  label: string;
  section: string;
  macVendors?: Record<string, string>;
}) {
  const { t, i18n } = useTranslation('computers');
  const lang = uiLang(i18n.language);
  const cols = orderSectionColumns(
    section,
    sectionColumns(rows).filter((c) => rows.some((r) => formatSectionValue(section, c, r[c], lang) !== '')),
  );
  if (!rows.length) return <Text>{t('detail.noRows')}</Text>;
  return (
    <ScrollRegion label={label}>
      <Table striped withTableBorder aria-label={label} fz="sm">
        <Table.Thead>
          <Table.Tr>
            {cols.map((c) => (
              <Table.Th
                key={c}
                data-column={c}
                style={isNumericField(section, c) ? { textAlign: 'end' } : undefined}
              >
                {sectionFieldLabel(section, c, lang)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={String(r.ID ?? i)}>
              {cols.map((c) => (
                <Table.Td key={c} style={isNumericField(section, c) ? { textAlign: 'end' } : undefined}>
                  {formatSectionValue(section, c, r[c], lang)}
                  {c === 'MACADDR' && typeof r[c] === 'string' && macVendors?.[r[c]] ? (
                    <Text span size="xs" c="dimmed" data-mac-vendor>
                      {' '}
                      ({macVendors[r[c]]})
                    </Text>
                  ) : null}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}

/** Name/value pairs of a one-row section (hardware, BIOS). */
export function KeyValueTable({
  row,
  label,
  labels,
  omit,
}: {
  row: SectionRow;
  label: string;
  labels?: Map<string, string>;
  /** Columns left out besides the ids (hardware's bookkeeping: HARDWARE_INTERNAL). */
  omit?: Set<string>;
}) {
  // zero dates (`0000-00-00`, what MySQL keeps for "unknown") say nothing: left out like empty values
  const entries = Object.entries(row).filter(
    ([k, v]) => !HIDDEN.has(k) && !omit?.has(k) && v !== null && v !== '' && !/^0000-00-00/.test(String(v)),
  );
  return (
    <Table withTableBorder withRowBorders fz="sm" aria-label={label} layout="fixed">
      <Table.Tbody>
        {entries.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th w="35%" scope="row">
              {labels?.get(k) ?? k}
            </Table.Th>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{String(v)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Horizontal scroll around a wide table, reachable by keyboard (a named, focusable region). */
export function ScrollRegion({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      {children}
    </div>
  );
}
