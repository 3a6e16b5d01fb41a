import type { Finding } from '@shared/contract/diagnostics';
import { useRoute } from '../../api/hooks';
import { loadDiagnosticsSettings, toInput, type DiagnosticsSettings } from './settings';

export type { Finding, FindingLevel } from '@shared/contract/diagnostics';

/**
 * Every check, run on the main side (`diagnostics.run`): Diagnostics, Home and `ocs-desk diagnose`
 * get the same answer. While it runs the findings are not complete, so callers must not claim that
 * nothing needs attention (`loading`).
 */
export function useFindings(settings: DiagnosticsSettings = loadDiagnosticsSettings()) {
  const report = useRoute('diagnostics.run', toInput(settings), { staleTime: 60_000 });
  const findings: Finding[] = report.data?.findings ?? [];
  return {
    findings,
    report: report.data,
    loading: report.isLoading,
    fetching: report.isFetching,
    refetch: report.refetch,
    error: report.error,
  };
}
