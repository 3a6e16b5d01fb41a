import { ComputerFilter } from '@shared/contract/computers';
import { Button, Checkbox, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconArrowsDiff, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RightButton } from '../../components/right-gate/right-gate';
import { useSearchParams } from 'react-router';
import { useAction, useRoute } from '../../api/hooks';
import { useCan } from '../../app-shell/use-session';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { ComparePanel } from './compare-panel';
import { DynamicEditor } from './dynamic-editor';
import { GroupPanel } from './group-panel';
import { GroupsTree } from './groups-tree';

function filterFrom(raw: string | null): ComputerFilter | null {
  if (!raw) return null;
  try {
    const r = ComputerFilter.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

function StaticForm({ onDone }: { onDone: (id: number) => void }) {
  const { t } = useTranslation(['groups', 'common']);
  const [v, setV] = useState({ name: '', description: '', visible: false, names: '' });
  const create = useAction('groups.create', { invalidates: ['groups.list'] });
  const names = v.names
    .split(/[\n,;]+/)
    .map((n) => n.trim())
    .filter(Boolean);
  return (
    <Paper withBorder p="md" data-testid="static-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            {
              kind: 'static',
              name: v.name,
              description: v.description,
              visible: v.visible,
              members: names.length ? { kind: 'names', names } : undefined,
            },
            { onSuccess: (g) => onDone(g.id) },
          );
        }}
      >
        <Stack gap="xs">
          <Title order={3}>{t('static.title')}</Title>
          <TextInput
            label={t('form.name')}
            value={v.name}
            onChange={(e) => setV({ ...v, name: e.currentTarget.value })}
            required
          />
          <Textarea
            label={t('form.description')}
            value={v.description}
            onChange={(e) => setV({ ...v, description: e.currentTarget.value })}
            required
          />
          <Textarea
            label={t('static.names')}
            description={t('panel.addNamesHint')}
            value={v.names}
            onChange={(e) => setV({ ...v, names: e.currentTarget.value })}
            autosize
            minRows={2}
          />
          <Checkbox
            label={t('form.visible')}
            checked={v.visible}
            onChange={(e) => setV({ ...v, visible: e.currentTarget.checked })}
          />
          <ErrorAlert error={create.error} />
          <Group justify="flex-end">
            <Button
              type="submit"
              color="blue.8"
              disabled={!v.name.trim() || !v.description.trim()}
              loading={create.isPending}
            >
              {t('static.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/**
 * Computer groups: the drill-down tree with live counts, one group's panel, new static / dynamic
 * groups (also reached from the multi-criteria search with `?filter=`), and the comparison of two.
 */
export default function GroupsPage() {
  const { t } = useTranslation(['groups', 'nav']);
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const list = useRoute('groups.list', {});
  const groups = list.data ?? [];
  const fromSearch = filterFrom(params.get('filter'));
  const parent = Number(params.get('parent')) || null;
  const selected = Number(params.get('id')) || null;
  const mode = params.get('mode') ?? (fromSearch || parent ? 'dynamic' : null);
  const go = (next: Record<string, string>) => setParams(next);

  return (
    <Stack gap="sm">
      <Title order={2}>
        {t('title')} ({groups.length})
      </Title>
      <Text size="sm">{t('intro')}</Text>
      <ErrorAlert error={list.error} />
      <Group gap="xs">
        <RightButton
          right="manageGroups"
          size="sm"
          variant="default"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => go({ mode: 'static' })}
        >
          {t('actions.newStatic')}
        </RightButton>
        <RightButton
          right="manageGroups"
          size="sm"
          variant="default"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => go({ mode: 'dynamic' })}
        >
          {t('actions.newDynamic')}
        </RightButton>
        <Button
          size="sm"
          variant="default"
          leftSection={<IconArrowsDiff size={16} aria-hidden />}
          onClick={() => go({ mode: 'compare', ...(selected ? { id: String(selected) } : {}) })}
        >
          {t('actions.compare')}
        </Button>
      </Group>
      {mode === 'static' && can('manageGroups') ? (
        <StaticForm onDone={(id) => go({ id: String(id) })} />
      ) : null}
      {mode === 'dynamic' && can('manageGroups') ? (
        <DynamicEditor
          groups={groups}
          initialFilter={fromSearch}
          initialParent={parent}
          onSaved={(g) => go({ id: String(g.id) })}
          onCancel={() => go({})}
        />
      ) : null}
      {mode === 'compare' ? <ComparePanel groups={groups} initialA={selected} /> : null}
      <GroupsTree groups={groups} selected={selected} onSelect={(id) => go({ id: String(id) })} />
      {selected && mode !== 'compare' ? (
        <GroupPanel key={selected} id={selected} onDeleted={() => go({})} />
      ) : null}
    </Stack>
  );
}
