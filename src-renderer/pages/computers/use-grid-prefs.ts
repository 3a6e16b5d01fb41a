import type { ColumnInfo, GridPrefs } from '@shared/contract/computers';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiError } from '../../api/client';
import { useRoute } from '../../api/hooks';
import { latestSaver } from '../../api/latest-saver';

/** The operator's grid choices (columns, one list or pages, page size, sort), saved through computers.setGridPrefs. */
export function useGridPrefs() {
  const qc = useQueryClient();
  const saved = useRoute('computers.getGridPrefs', {}, { staleTime: Infinity });
  const columns = useRoute('computers.columns', {}, { staleTime: 60_000 });
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [local, setLocal] = useState<GridPrefs | null>(null);

  const all: ColumnInfo[] = columns.data ?? [];
  const known = new Set(all.map((c) => c.id));
  const defaults = all.filter((c) => c.default).map((c) => c.id);
  const base = local ?? saved.data ?? null;
  const chosen = (base?.columns ?? []).filter((id) => known.has(id));
  const sortCol = base?.sort ? all.find((c) => c.id === base.sort?.column) : undefined;
  const prefs: GridPrefs = {
    columns: chosen.length ? chosen : defaults,
    pageSize: base?.pageSize ?? 50,
    mode: base?.mode ?? 'scroll',
    sort: sortCol?.sortable ? (base?.sort ?? null) : null,
    widths: base?.widths ?? {},
  };

  const update = (patch: Partial<GridPrefs>) => {
    const next = { ...prefs, ...patch };
    setLocal(next);
    // The cached copy too: other grids read the One list / Pages choice from it (useListMode), and
    // this grid mounted again would otherwise start from the layout read before the change.
    qc.setQueryData(['computers.getGridPrefs', {}], next);
    latestSaver('computers.setGridPrefs')(next).then(
      () => setSaveError(null),
      (e: unknown) => setSaveError(e as ApiError),
    );
  };

  return {
    ready: saved.isFetched && columns.isSuccess,
    error: columns.error ?? saved.error ?? saveError,
    all,
    defaults,
    prefs,
    update,
  };
}
