import { ComputerFilter, type Criterion } from '@shared/contract/computers';
import {
  Button,
  Checkbox,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconDeviceFloppy, IconSearch, IconTrash, IconUsersGroup } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RightButton } from '../../components/right-gate/right-gate';
import { useNavigate, useSearchParams } from 'react-router';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { ComputerResults } from '../computers/computer-results';
import { CriteriaBuilder } from './criteria-builder';
import { notifyDone } from '../../components/error-alert/notify';

function parseFilter(raw: string | null): ComputerFilter | null {
  if (!raw) return null;
  try {
    const r = ComputerFilter.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

function SaveForm({
  initialName,
  onSave,
}: {
  initialName: string;
  onSave: (name: string, shared: boolean) => void;
}) {
  const { t } = useTranslation(['search', 'common']);
  const [name, setName] = useState(initialName);
  const [shared, setShared] = useState(false);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) onSave(name.trim(), shared);
      }}
    >
      <Stack>
        <TextInput
          label={t('saved.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          data-autofocus
        />
        <Checkbox
          label={t('saved.shared')}
          checked={shared}
          onChange={(e) => setShared(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button type="submit" color="blue.8" disabled={!name.trim()}>
            {t('common:action.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Multi-criteria search: criteria builder, all/any, saved searches, results in the computers grid. */
export default function SearchPage() {
  const { t } = useTranslation(['search', 'nav', 'common', 'groups']);
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const submitted = parseFilter(params.get('filter'));
  const page = Math.max(1, Number(params.get('p') ?? 1) || 1);
  const [draft, setDraft] = useState<{ criteria: Criterion[]; match: 'all' | 'any' }>(() => ({
    criteria: submitted?.criteria ?? [],
    match: submitted?.match ?? 'all',
  }));
  const [savedId, setSavedId] = useState<string | null>(null);
  const fields = useRoute('search.fields', {}, { staleTime: 60_000 });
  const saved = useRoute('search.savedList', {});
  const save = useAction('search.savedSave', { invalidates: ['search.savedList'] });
  const del = useAction('search.savedDelete', { invalidates: ['search.savedList'] });
  const current = saved.data?.find((s) => String(s.id) === savedId);

  // `?saved=ID` (the command palette, a bookmark) opens that saved search: its criteria, run at once.
  // The criteria are taken while rendering (once per ID asked), then the URL carries the filter instead.
  const savedParam = params.get('saved');
  const asked = savedParam ? saved.data?.find((x) => String(x.id) === savedParam) : undefined;
  const askedFilter = asked && { criteria: asked.filter.criteria, match: asked.filter.match };
  const [applied, setApplied] = useState<string | null>(null);
  if (askedFilter && applied !== savedParam) {
    setApplied(savedParam);
    setSavedId(savedParam);
    setDraft(askedFilter);
  }
  if (!savedParam && applied !== null) setApplied(null);
  const askedJson = askedFilter ? JSON.stringify(askedFilter) : null;
  useEffect(() => {
    if (askedJson) setParams({ filter: askedJson }, { replace: true });
  }, [askedJson, setParams]);

  const run = (f: { criteria: Criterion[]; match: 'all' | 'any' }) =>
    setParams({ filter: JSON.stringify({ criteria: f.criteria, match: f.match }) });

  const openSave = () =>
    modals.open({
      closeButtonProps: { 'aria-label': t('common:action.close') },
      title: t('saved.saveTitle'),
      children: (
        <SaveForm
          initialName={current?.name ?? ''}
          onSave={(name, shared) => {
            modals.closeAll();
            save.mutate(
              {
                id: current && current.name === name ? current.id : undefined,
                name,
                shared,
                description: null,
                columns: null,
                filter: { ...draft },
              },
              {
                onSuccess: (s) => {
                  setSavedId(String(s.id));
                  notifyDone(t('saved.savedOk', { name: s.name }));
                },
              },
            );
          }}
        />
      ),
    });

  const askDelete = () => {
    if (!current) return;
    modals.openConfirmModal({
      closeButtonProps: { 'aria-label': t('common:action.close') },
      title: t('saved.deleteTitle'),
      children: <Text size="sm">{t('saved.deleteText', { name: current.name })}</Text>,
      labels: { confirm: t('common:action.delete'), cancel: t('common:action.cancel') },
      confirmProps: { color: 'red.9' },
      onConfirm: () => del.mutate({ id: current.id }, { onSuccess: () => setSavedId(null) }),
    });
  };

  return (
    <Stack gap="sm">
      <Title order={2}>{t('nav:search')}</Title>
      <ErrorAlert error={fields.error ?? saved.error ?? save.error ?? del.error} />
      <Paper withBorder p="md">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            run(draft);
          }}
        >
          <Stack gap="sm">
            <Group justify="space-between" align="flex-end">
              <Group align="flex-end">
                <Select
                  w={280}
                  label={t('saved.label')}
                  placeholder={t('saved.placeholder')}
                  data={(saved.data ?? []).map((s) => ({
                    value: String(s.id),
                    label: s.shared ? `${s.name} (${s.owner})` : s.name,
                  }))}
                  value={savedId}
                  clearable
                  onChange={(v) => {
                    setSavedId(v);
                    const s = saved.data?.find((x) => String(x.id) === v);
                    if (s) {
                      const f = { criteria: s.filter.criteria, match: s.filter.match };
                      setDraft(f);
                      run(f);
                    }
                  }}
                />
                <Button
                  variant="default"
                  leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                  disabled={!draft.criteria.length}
                  onClick={openSave}
                >
                  {t('saved.save')}
                </Button>
                {current ? (
                  <Button
                    variant="subtle"
                    color="red"
                    leftSection={<IconTrash size={16} aria-hidden />}
                    onClick={askDelete}
                  >
                    {t('saved.delete')}
                  </Button>
                ) : null}
              </Group>
              <SegmentedControl
                aria-label={t('match.label')}
                value={draft.match}
                onChange={(v) => setDraft({ ...draft, match: v as 'all' | 'any' })}
                data={[
                  { value: 'all', label: t('match.all') },
                  { value: 'any', label: t('match.any') },
                ]}
              />
            </Group>
            <CriteriaBuilder
              fields={fields.data ?? []}
              criteria={draft.criteria}
              onChange={(criteria) => setDraft({ ...draft, criteria })}
            />
            <Group justify="flex-end">
              <RightButton
                right="manageGroups"
                variant="default"
                leftSection={<IconUsersGroup size={16} aria-hidden />}
                disabled={!draft.criteria.length}
                onClick={() =>
                  navigate(
                    `/groups?filter=${encodeURIComponent(JSON.stringify({ criteria: draft.criteria, match: draft.match }))}`,
                  )
                }
              >
                {t('groups:fromSearch')}
              </RightButton>
              <Button
                type="submit"
                color="blue.8"
                leftSection={<IconSearch size={16} aria-hidden />}
                disabled={!draft.criteria.length}
              >
                {t('run')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {submitted ? (
        <ComputerResults
          route="search.run"
          filter={submitted}
          page={page}
          onPage={(p) =>
            setParams((prev) => {
              const next = new URLSearchParams(prev);
              if (p > 1) next.set('p', String(p));
              else next.delete('p');
              return next;
            })
          }
        />
      ) : (
        <Text>{t('hint')}</Text>
      )}
    </Stack>
  );
}
