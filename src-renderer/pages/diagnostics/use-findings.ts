import { useTranslation } from 'react-i18next';
import { useRoute } from '../../api/hooks';
import { loadServerCheck, useServerCheck } from '../certificates/server-check';

export type FindingLevel = 'ok' | 'info' | 'warning' | 'error';

export interface Finding {
  id: string;
  level: FindingLevel;
  title: string;
  detail: string;
  /** Console page that fixes it. */
  link?: string;
}

/**
 * Everything that needs the admin's attention: schema level, operators left with weak hashes,
 * the deployment server certificate (30-day expiry warning), and the network tools.
 */
/**
 * `isAdmin` is undefined while the operator is still loading: the findings are then not complete, so
 * callers (Home and Diagnostics alike) must not claim that nothing needs attention.
 */
export function useFindings(isAdmin: boolean | undefined) {
  const { t } = useTranslation('diagnostics');
  const schema = useRoute('database.inspect', {});
  const weak = useRoute('operators.weakHashes', {}, { enabled: isAdmin === true });
  const tools = useRoute('ipdiscover.tools', {});
  const serverSettings = loadServerCheck();
  const server = useServerCheck(serverSettings);
  const findings: Finding[] = [];

  const r = schema.data;
  if (r) {
    if (r.upgrade.possible && r.upgrade.steps.length > 0) {
      findings.push({
        id: 'schema',
        level: 'info',
        title: t('schema.upgrade', { level: r.schema.guiVersion, target: r.targetLevel }),
        detail: t('schema.upgradeDetail'),
        link: '/database',
      });
    } else if (!r.upgrade.possible) {
      findings.push({
        id: 'schema',
        level: 'warning',
        title: t('schema.blocked'),
        detail: r.upgrade.reason ?? '',
        link: '/database',
      });
    } else {
      findings.push({
        id: 'schema',
        level: 'ok',
        title: t('schema.ok', { level: r.schema.guiVersion }),
        detail: '',
      });
    }
  }
  if (weak.data) {
    findings.push(
      weak.data.length
        ? {
            id: 'weak',
            level: 'warning',
            title: t('weak.title', { count: weak.data.length }),
            detail: weak.data.map((w) => `${w.login} (${w.hashScheme}): ${w.reason}`).join('; '),
            link: '/operators',
          }
        : { id: 'weak', level: 'ok', title: t('weak.none'), detail: '' },
    );
  }
  if (server.data) {
    const s = server.data;
    const leaf = s.chain[0];
    const level: FindingLevel =
      !s.trusted || !s.hostnameMatches || leaf?.expiry === 'expired'
        ? 'error'
        : s.warnings.length
          ? 'warning'
          : 'ok';
    findings.push({
      id: 'server',
      level,
      title: t('server.title', { url: s.url, days: leaf?.daysLeft ?? '?' }),
      detail: s.warnings.map((w) => w.message).join(' ') || t('server.fine'),
      link: '/diagnostics',
    });
  } else if (server.error) {
    findings.push({
      id: 'server',
      level: 'error',
      title: t('server.unreachable', { url: serverSettings?.url }),
      detail: '',
      link: '/diagnostics',
    });
  }
  if (tools.data) {
    for (const name of ['nmap', 'nmblookup'] as const) {
      const tool = tools.data[name];
      findings.push(
        tool.ok
          ? {
              id: name,
              level: 'ok',
              title: t('tool.ok', { tool: name, version: tool.version ?? '' }),
              detail: '',
            }
          : {
              id: name,
              level: 'warning',
              title: t('tool.missing', { tool: name }),
              detail: tool.problem ?? '',
              link: '/ipdiscover',
            },
      );
    }
  }
  const loading =
    isAdmin === undefined ||
    schema.isLoading ||
    tools.isLoading ||
    (isAdmin && weak.isLoading) ||
    server.isLoading;
  return { findings, loading, server, serverSettings, error: schema.error ?? tools.error ?? weak.error };
}
