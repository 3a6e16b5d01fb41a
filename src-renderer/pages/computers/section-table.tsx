import type { SectionRow } from '@shared/contract/computers';
import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const HIDDEN = new Set(['ID', 'HARDWARE_ID']);

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

/** A plain table of a section (prints whole, unlike the virtualised grid). */
export function SectionTable({ rows, label }: { rows: SectionRow[]; label: string }) {
  const { t } = useTranslation('computers');
  const cols = sectionColumns(rows);
  if (!rows.length) return <Text>{t('detail.noRows')}</Text>;
  return (
    <ScrollRegion label={label}>
      <Table striped withTableBorder aria-label={label} fz="sm">
        <Table.Thead>
          <Table.Tr>
            {cols.map((c) => (
              <Table.Th key={c}>{c}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={String(r.ID ?? i)}>
              {cols.map((c) => (
                <Table.Td key={c}>{r[c] === null ? '' : String(r[c])}</Table.Td>
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
}: {
  row: SectionRow;
  label: string;
  labels?: Map<string, string>;
}) {
  const entries = Object.entries(row).filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== '');
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
