import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Right } from '@shared/contract/route';
import { useRoute } from '../api/hooks';

/** Connection and logged-in operator of this window (the main process owns both). */
export function useSession() {
  const status = useRoute('connection.status', {});
  const me = useRoute('auth.me', {}, { enabled: status.data?.connected === true });
  return {
    loading: status.isLoading || (status.data?.connected === true && me.isLoading),
    error: status.error ?? me.error,
    connection: status.data ?? null,
    operator: status.data?.connected ? (me.data ?? null) : null,
  };
}

/**
 * Whether the logged-in operator holds a right (from `auth.me`: profile rights less what the DB
 * account's grants refuse). Comfort only: the main process checks every call.
 */
export function useCan(): (right: Right) => boolean {
  const { operator } = useSession();
  return useCallback((right: Right) => !!operator?.rights.includes(right), [operator]);
}

/** Refreshes everything that depends on the session (after connect, login, logout). */
export function useSessionChanged() {
  const qc = useQueryClient();
  return useCallback(async () => {
    await qc.invalidateQueries();
  }, [qc]);
}
