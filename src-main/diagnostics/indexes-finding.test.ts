import { describe, expect, it } from 'vitest';
import type { PerfIndexReport } from '../../shared/contract/computers';
import { formatFindingEn } from '../../shared/i18n/format-finding';
import { indexesFinding, INDEXES_WARNING_FROM } from './checks';

const report = (present: boolean[], over: Partial<PerfIndexReport> = {}): PerfIndexReport => ({
  indexes: present.map((p, n) => ({
    table: n < 2 ? 'hardware' : 'software',
    name: `ocsdesk_${n}`,
    columns: ['A', 'B'].slice(0, 1 + (n % 2)),
    reason: `reason ${n}`,
    present: p,
    tableRows: 5000,
    estimatedSeconds: 2,
    estimatedBytes: 3 * 1024 * 1024,
  })),
  canChange: true,
  blockedBy: null,
  account: 'ocs@127.0.0.1',
  database: 'ocsweb',
  ...over,
});

describe('indexesFinding', () => {
  it('info below 1,000 computers, warning from 1,000; the evidence names the missing ones', () => {
    const small = indexesFinding(report([true, false, false]), INDEXES_WARNING_FROM - 1);
    expect(small).toMatchObject({
      level: 'info',
      title: { key: 'indexes.missingSmall' },
      link: '/diagnostics',
    });
    const big = indexesFinding(report([true, false, false]), INDEXES_WARNING_FROM);
    expect(big).toMatchObject({ level: 'warning', title: { key: 'indexes.missing', params: { count: 2 } } });
    expect(big.evidence.filter((e) => e.includes(': missing'))).toEqual([
      'hardware.ocsdesk_1 (A, B): missing, reason 1; about 2 s and 3 MiB to build over 5000 rows',
      'software.ocsdesk_2 (A): missing, reason 2; about 2 s and 3 MiB to build over 5000 rows',
    ]);
    expect(big.evidence).toContain('hardware: about 1000 rows (information_schema estimate)');
    expect(formatFindingEn(big.title)).toBe(
      '2 indexes OCS Desk relies on are missing: lists and searches of 1000 computers get slow',
    );
    expect(formatFindingEn(big.fix!)).toMatch(
      /ocs-desk db indexes --create \(online; about 4 s, 6 MiB of disk\)/,
    );
  });

  it('an account that may not create them gets the GRANT to ask for; a read-only server says so', () => {
    const f = indexesFinding(report([false], { canChange: false, blockedBy: 'privileges' }), 20_000);
    expect(f.fix).toMatchObject({ key: 'indexes.grantFix' });
    expect(formatFindingEn(f.fix!)).toContain("GRANT ALTER, INDEX ON `ocsweb`.* TO 'ocs'@'127.0.0.1'");
    const ro = indexesFinding(report([false], { canChange: false, blockedBy: 'read-only' }), 20_000);
    expect(ro.fix).toMatchObject({ key: 'indexes.readOnlyFix' });
  });

  it('all present: ok, no fix, no link', () => {
    const f = indexesFinding(report([true, true]), 50_000);
    expect(f).toMatchObject({ level: 'ok', fix: null, link: null, title: { key: 'indexes.ok' } });
    expect(formatFindingEn(f.title)).toBe('The 2 indexes OCS Desk relies on are present');
  });
});
