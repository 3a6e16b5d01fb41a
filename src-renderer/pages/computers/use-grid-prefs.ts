import type { ColumnInfo, GridPrefs } from '@shared/contract/computers';
import { useState } from 'react';
import { useAction, useRoute } from '../../api/hooks';

/** The operator's grid choices (columns, page size, sort), saved through computers.setGridPrefs. */
export function useGridPrefs() {
  const saved = useRoute('computers.getGridPrefs', {}, { staleTime: Infinity });
  const columns = useRoute('computers.columns', {}, { staleTime: 60_000 });
  const save = useAction('computers.setGridPrefs');
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
    sort: sortCol?.sortable ? (base?.sort ?? null) : null,
    widths: base?.widths ?? {},
  };

  const update = (patch: Partial<GridPrefs>) => {
    const next = { ...prefs, ...patch };
    setLocal(next);
    save.mutate(next);
  };

  return {
    ready: saved.isFetched && columns.isSuccess,
    error: columns.error ?? saved.error ?? save.error,
    all,
    defaults,
    prefs,
    update,
  };
}
