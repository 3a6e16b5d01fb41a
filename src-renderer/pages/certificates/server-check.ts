import type { CheckResult } from '@shared/contract/certificates';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';

/** The deployment server the admin checks (certificates page or diagnostics), kept on this computer. */
export interface ServerCheckSettings {
  url: string;
  caFile: string;
}
const CHECK_KEY = 'ocs-desk-deploy-check';

export function loadServerCheck(): ServerCheckSettings | null {
  try {
    return JSON.parse(localStorage.getItem(CHECK_KEY) ?? 'null') as ServerCheckSettings | null;
  } catch {
    return null;
  }
}

export function saveServerCheck(s: ServerCheckSettings): void {
  localStorage.setItem(CHECK_KEY, JSON.stringify(s));
}

/** Re-checks the saved deployment server (trust, names, expiry) at most every 10 minutes. */
export function useServerCheck(settings: ServerCheckSettings | null) {
  return useQuery<CheckResult>({
    queryKey: ['certificates.check', settings],
    enabled: !!settings?.url,
    staleTime: 10 * 60_000,
    retry: false,
    queryFn: () => call('certificates.check', { url: settings!.url, caFile: settings!.caFile || undefined }),
  });
}
