import type { GroupMember, MemberState } from '@shared/contract/groups';
import {
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Pagination,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconDownload, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RightButton } from '../../components/right-gate/right-gate';
import { Link } from 'react-router';
import { call } from '../../api/client';
import { useAction, useRoute } from '../../api/hooks';
import { useCan } from '../../app-shell/use-session';
import { downloadText } from '../../components/download-text';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { GroupDeploy } from './group-deploy';
import { GroupSettings } from './group-settings';

const PAGE = 50;
const VIEWS: Record<string, MemberState[]> = {
  members: ['dynamic', 'included'],
  excluded: ['excluded'],
  all: ['dynamic', 'included', 'excluded'],
};
const GROUP_ROUTES = ['groups.list', 'groups.get', 'groups.members'] as const;

function EditForm({
  name,
  description,
  visible,
  onSave,
}: {
  name: string;
  description: string;
  visible: boolean;
  onSave: (v: { name: string; description: string; visible: boolean }) => void;
}) {
  const { t } = useTranslation(['groups', 'common']);
  const [v, setV] = useState({ name, description, visible });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSave(v);
      }}
    >
      <Stack>
        <TextInput
          label={t('form.name')}
          value={v.name}
          onChange={(e) => setV({ ...v, name: e.currentTarget.value })}
          required
          data-autofocus
        />
        <Textarea
          label={t('form.description')}
          value={v.description}
          onChange={(e) => setV({ ...v, description: e.currentTarget.value })}
          required
        />
        <Checkbox
          label={t('form.visible')}
          checked={v.visible}
          onChange={(e) => setV({ ...v, visible: e.currentTarget.checked })}
        />
        <Group justify="flex-end">
          <Button type="submit" color="blue.8" disabled={!v.name.trim() || !v.description.trim()}>
            {t('common:action.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** One group: what it is, its definition, its members (with their state) and what may be done to it. */
export function GroupPanel({ id, onDeleted }: { id: number; onDeleted: () => void }) {
  const { t, i18n } = useTranslation(['groups', 'common']);
  const can = useCan();
  const admin = can('manageGroups');
  const [view, setView] = useState('members');
  const [page, setPage] = useState(1);
  const [names, setNames] = useState('');
  const [picked, setPicked] = useState<number[]>([]);
  const detail = useRoute('groups.get', { id });
  const members = useRoute(
    'groups.members',
    { id, states: VIEWS[view], offset: (page - 1) * PAGE, limit: PAGE },
    { keepPrevious: true },
  );
  const inv = { invalidates: [...GROUP_ROUTES] };
  const refresh = useAction('groups.refresh', inv);
  const update = useAction('groups.update', inv);
  const del = useAction('groups.delete', { invalidates: ['groups.list'] });
  const add = useAction('groups.addMembers', inv);
  const remove = useAction('groups.removeMembers', inv);
  const state = useAction('groups.setMemberState', inv);
  const [csvError, setCsvError] = useState<unknown>(null);
  const g = detail.data;
  if (!g) return <ErrorAlert error={detail.error} />;
  const editable = admin || (can('editAdminData') && g.kind === 'static' && g.visible);
  const rows: GroupMember[] = members.data?.rows ?? [];
  const total = members.data?.total ?? 0;

  const askDelete = () =>
    modals.openConfirmModal({
      closeButtonProps: { 'aria-label': t('common:action.close') },
      title: t('delete.title', { name: g.name }),
      children: (
        <Text size="sm">
          {t('delete.text', { members: g.members, settings: g.settings.length, packages: g.packages.length })}
        </Text>
      ),
      labels: { confirm: t('common:action.delete'), cancel: t('common:action.cancel') },
      confirmProps: { color: 'red.9' },
      onConfirm: () => del.mutate({ id, confirm: true }, { onSuccess: onDeleted }),
    });
  const openEdit = () =>
    modals.open({
      closeButtonProps: { 'aria-label': t('common:action.close') },
      title: t('form.editTitle'),
      children: (
        <EditForm
          name={g.name}
          description={g.description}
          visible={g.visible}
          onSave={(v) => {
            modals.closeAll();
            update.mutate({ id, ...v });
          }}
        />
      ),
    });
  const exportCsv = async () => {
    setCsvError(null);
    try {
      const r = await call('groups.exportCsv', { id, states: VIEWS[view] });
      downloadText(r.csv, `${g.name.replace(/[^\w.-]+/g, '_')}.csv`, 'text/csv;charset=utf-8');
    } catch (e) {
      setCsvError(e);
    }
  };
  const toggle = (mid: number) =>
    setPicked((p) => (p.includes(mid) ? p.filter((x) => x !== mid) : [...p, mid]));

  return (
    <Paper withBorder p="md" data-testid="group-panel">
      <Stack gap="sm">
        <Group justify="space-between">
          <div>
            <Title order={3}>{g.name}</Title>
            <Text size="sm">{g.description}</Text>
          </div>
          <Group gap="xs">
            <Badge color={g.kind === 'dynamic' ? 'blue.9' : 'gray.8'} variant="filled">
              {t(`kind.${g.kind}`)}
            </Badge>
            <Badge color={g.visible ? 'green.9' : 'gray.8'} variant="filled">
              {g.visible ? t('visible.all') : t('visible.admins')}
            </Badge>
          </Group>
        </Group>
        <Text size="sm" data-testid="group-counts">
          {t('panel.counts', { members: g.members, excluded: g.excluded })}
          {g.kind === 'dynamic'
            ? ' · ' +
              (g.computedAt
                ? t('panel.computed', { at: new Date(g.computedAt).toLocaleString(i18n.language) })
                : t('panel.neverComputed'))
            : ''}
        </Text>
        {g.queries.length ? (
          <>
            <Text size="xs" c="dimmed">
              {t('panel.sql')}
            </Text>
            <Code
              block
              data-testid="group-sql"
              tabIndex={0}
              aria-label={t('panel.sql')}
              style={{ whiteSpace: 'pre-wrap' }}
            >
              {g.queries.join('\n')}
            </Code>
          </>
        ) : null}
        {g.settings.length || g.packages.length ? (
          <Text size="sm">
            {g.settings
              .map((s) => `${s.name}=${s.ivalue ?? ''}${s.tvalue ? ` (${s.tvalue})` : ''}`)
              .join(', ')}
            {g.packages.length
              ? ` · ${t('panel.packages')}: ${g.packages.map((p) => p.name || p.fileId).join(', ')}`
              : ''}
          </Text>
        ) : null}
        <ErrorAlert
          error={
            refresh.error ??
            update.error ??
            del.error ??
            add.error ??
            remove.error ??
            state.error ??
            members.error ??
            csvError
          }
        />
        <Group gap="xs">
          {g.kind === 'dynamic' ? (
            <RightButton
              right="manageGroups"
              size="xs"
              color="blue.8"
              leftSection={<IconRefresh size={14} aria-hidden />}
              loading={refresh.isPending}
              onClick={() => refresh.mutate({ id })}
            >
              {t('panel.refresh')}
            </RightButton>
          ) : null}
          <RightButton right="manageGroups" size="xs" variant="default" onClick={openEdit}>
            {t('panel.edit')}
          </RightButton>
          {admin && g.kind === 'dynamic' ? (
            <Button size="xs" variant="default" component={Link} to={`/groups?parent=${id}`}>
              {t('panel.drill')}
            </Button>
          ) : null}
          <Button
            size="xs"
            variant="default"
            leftSection={<IconDownload size={14} aria-hidden />}
            onClick={() => void exportCsv()}
          >
            {t('panel.csv')}
          </Button>
          <RightButton
            right="manageGroups"
            size="xs"
            variant="filled"
            color="red.9"
            leftSection={<IconTrash size={14} aria-hidden />}
            onClick={askDelete}
          >
            {t('panel.delete')}
          </RightButton>
        </Group>
        {editable && g.kind === 'static' ? (
          <Group align="flex-end">
            <Textarea
              w={360}
              label={t('panel.addNames')}
              description={t('panel.addNamesHint')}
              value={names}
              onChange={(e) => setNames(e.currentTarget.value)}
              autosize
              minRows={2}
            />
            <Button
              size="xs"
              color="blue.8"
              disabled={!names.trim()}
              onClick={() =>
                add.mutate(
                  {
                    id,
                    target: {
                      kind: 'names',
                      names: names
                        .split(/[\n,;]+/)
                        .map((n) => n.trim())
                        .filter(Boolean),
                    },
                  },
                  { onSuccess: () => setNames('') },
                )
              }
            >
              {t('panel.add')}
            </Button>
            {add.data ? (
              <Text size="sm" data-testid="add-result">
                {t('panel.added', { added: add.data.added, already: add.data.already })}
                {add.data.unknown.length
                  ? ` ${t('panel.unknown', { names: add.data.unknown.join(', ') })}`
                  : ''}
              </Text>
            ) : null}
          </Group>
        ) : null}
        <GroupDeploy g={g} canEdit={can('assignPackages')} />
        <GroupSettings key={JSON.stringify(g.settings)} g={g} canEdit={can('configure')} />
        <Group justify="space-between">
          <SegmentedControl
            aria-label={t('panel.view')}
            value={view}
            onChange={(v) => {
              setView(v);
              setPage(1);
              setPicked([]);
            }}
            data={[
              { value: 'members', label: t('panel.viewMembers') },
              { value: 'excluded', label: t('panel.viewExcluded') },
              { value: 'all', label: t('panel.viewAll') },
            ]}
          />
          <Group gap="xs">
            {admin && g.kind === 'dynamic' ? (
              <>
                <Button
                  size="xs"
                  variant="default"
                  disabled={!picked.length}
                  onClick={() =>
                    state.mutate({ id, ids: picked, state: 'excluded' }, { onSuccess: () => setPicked([]) })
                  }
                >
                  {t('panel.exclude')}
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  disabled={!picked.length}
                  onClick={() =>
                    state.mutate({ id, ids: picked, state: 'included' }, { onSuccess: () => setPicked([]) })
                  }
                >
                  {t('panel.include')}
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  disabled={!picked.length}
                  onClick={() =>
                    state.mutate({ id, ids: picked, state: 'reset' }, { onSuccess: () => setPicked([]) })
                  }
                >
                  {t('panel.reset')}
                </Button>
              </>
            ) : null}
            {editable && g.kind === 'static' ? (
              <Button
                size="xs"
                variant="default"
                disabled={!picked.length}
                onClick={() =>
                  remove.mutate(
                    { id, target: { kind: 'ids', ids: picked } },
                    { onSuccess: () => setPicked([]) },
                  )
                }
              >
                {t('panel.remove')}
              </Button>
            ) : null}
          </Group>
        </Group>
        <Table withTableBorder striped data-testid="members-table">
          <Table.Caption>{t('panel.membersCaption', { count: total })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>
                <VisuallyHidden>{t('panel.select')}</VisuallyHidden>
              </Table.Th>
              <Table.Th>{t('members.name')}</Table.Th>
              <Table.Th>{t('members.user')}</Table.Th>
              <Table.Th>{t('members.os')}</Table.Th>
              <Table.Th>{t('members.tag')}</Table.Th>
              <Table.Th>{t('members.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((m) => (
              <Table.Tr key={m.id} data-testid="member-row">
                <Table.Td>
                  <Checkbox
                    aria-label={t('panel.pick', { name: m.name ?? m.id })}
                    checked={picked.includes(m.id)}
                    onChange={() => toggle(m.id)}
                  />
                </Table.Td>
                <Table.Td>
                  <Link to={`/computers/${m.id}`}>{m.name ?? m.id}</Link>
                </Table.Td>
                <Table.Td>{m.userId}</Table.Td>
                <Table.Td>{m.os}</Table.Td>
                <Table.Td>{m.tag}</Table.Td>
                <Table.Td>{t(`state.${m.state}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {total > PAGE ? (
          <Pagination
            value={page}
            onChange={setPage}
            total={Math.ceil(total / PAGE)}
            aria-label={t('panel.pages')}
          />
        ) : null}
      </Stack>
    </Paper>
  );
}
