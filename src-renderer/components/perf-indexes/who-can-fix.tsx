import type { PerfIndexReport } from '@shared/contract/computers';
import { Code, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRight } from '../right-gate/right-gate';

/** The GRANT a database administrator runs so this account may add the indexes. */
export function grantFor(r: Pick<PerfIndexReport, 'account' | 'database'>): string {
  const at = r.account.lastIndexOf('@');
  const user = at < 0 ? r.account : r.account.slice(0, at);
  const host = at < 0 ? '%' : r.account.slice(at + 1);
  return `GRANT ALTER, INDEX ON \`${r.database}\`.* TO '${user}'@'${host}';`;
}

/**
 * Why this operator cannot create or drop the indexes, and who can: an operator profile without the
 * "configure" right, a DB account without ALTER/INDEX (with the GRANT to ask for), a read-only server.
 * Renders nothing when the operator can.
 */
export function WhoCanFix({ report }: { report: PerfIndexReport }) {
  const { t } = useTranslation('indexes');
  const right = useRight('configure');
  if (right.allowed && report.canChange) return null;
  return (
    <div data-testid="indexes-who-can-fix">
      {!right.allowed && right.reason ? <Text size="sm">{right.reason}</Text> : null}
      {report.blockedBy === 'privileges' ? (
        <>
          <Text size="sm">{t('blocked.privileges', { account: report.account })}</Text>
          <Code block mt={4}>
            {grantFor(report)}
          </Code>
        </>
      ) : null}
      {report.blockedBy === 'read-only' ? <Text size="sm">{t('blocked.readOnly')}</Text> : null}
    </div>
  );
}
