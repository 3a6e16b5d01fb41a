import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  OPTION_GROUPS,
  type OptionGroup,
  type OptionState,
  type OptionValue,
} from '@shared/contract/options';
import { IconArrowBackUp } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RightHint } from '../../components/right-gate/right-gate';
import { useAction, useRoute } from '../../api/hooks';
import { useSession } from '../../app-shell/use-session';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { useUnsavedChanges } from '../../components/unsaved-guard/unsaved-guard';
import { formatValue, OptionInput } from './option-input';

/** What the screen shows for an option: its draft value when edited, else the value in force. */
function shown(o: OptionState, draft: Map<string, OptionValue | null>): OptionValue | null {
  if (!draft.has(o.name)) return o.effective;
  const v = draft.get(o.name) ?? null;
  return v === null ? o.default : v;
}

/** General options (config table): one tab per group; a User reads, an Administrator edits. */
export default function OptionsPage() {
  const { t } = useTranslation(['options', 'nav']);
  const isAdmin = !!useSession().operator?.rights.includes('configure');
  const list = useRoute('options.list', {});
  const save = useAction('options.set', { invalidates: ['options.list'] });
  const [tab, setTab] = useState<string | null>('inventory');
  const [draft, setDraft] = useState<Map<string, OptionValue | null>>(new Map());
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const [confirm, setConfirm] = useState(false);
  const options = useMemo(() => list.data ?? [], [list.data]);
  const byName = useMemo(() => new Map(options.map((o) => [o.name, o])), [options]);
  const changes = [...draft.entries()].filter(([name]) => byName.has(name));
  useUnsavedChanges(changes.length > 0, t('title'));

  const edit = (o: OptionState, v: OptionValue | null) => {
    const next = new Map(draft);
    if (v === null ? o.row === null : v === o.effective) next.delete(o.name);
    else next.set(o.name, v);
    setDraft(next);
  };
  const markInvalid = (name: string, bad: boolean) => {
    if (invalid.has(name) === bad) return;
    const next = new Set(invalid);
    if (bad) next.add(name);
    else next.delete(name);
    setInvalid(next);
  };
  const pendingIn = (g: OptionGroup) => changes.filter(([name]) => byName.get(name)?.group === g).length;

  const sourceBadge = (o: OptionState) =>
    o.source === 'database' ? (
      <Badge color="blue" variant="light" data-testid={`source-${o.name}`}>
        {t('source.database')}
      </Badge>
    ) : (
      <Tooltip label={t(`source.${o.source}Hint`)}>
        <Badge color="gray" variant="outline" data-testid={`source-${o.name}`}>
          {t(`source.${o.source}`)}
        </Badge>
      </Tooltip>
    );

  const submit = async () => {
    try {
      await save.mutateAsync({ changes: changes.map(([name, value]) => ({ name, value })) });
      setConfirm(false);
      setDraft(new Map());
      notifications.show({ color: 'green', message: t('saved', { count: changes.length }) });
    } catch {
      // shown by the ErrorAlert in the dialog
    }
  };

  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={2}>{t('title')}</Title>
        {isAdmin ? (
          <Group>
            <Button variant="default" disabled={!changes.length} onClick={() => setDraft(new Map())}>
              {t('discard')}
            </Button>
            <Button
              disabled={!changes.length || invalid.size > 0}
              onClick={() => {
                save.reset();
                setConfirm(true);
              }}
              data-testid="options-save"
            >
              {t('save', { count: changes.length })}
            </Button>
          </Group>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed">
        {isAdmin ? t('introAdmin') : t('introUser')}
      </Text>
      <RightHint right="configure" />
      <ErrorAlert error={list.error} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          {OPTION_GROUPS.map((g) => (
            <Tabs.Tab key={g} value={g} data-testid={`tab-${g}`}>
              {t(`group.${g}`)}
              {pendingIn(g) ? ` (${pendingIn(g)})` : ''}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {OPTION_GROUPS.map((g) => (
          <Tabs.Panel key={g} value={g} pt="md">
            <Table
              withTableBorder
              aria-label={t(`group.${g}`)}
              data-testid={`options-${g}`}
              verticalSpacing="sm"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="40%">{t('col.option')}</Table.Th>
                  <Table.Th>{t('col.value')}</Table.Th>
                  <Table.Th w={190}>{t('col.source')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {options
                  .filter((o) => o.group === g)
                  .map((o) => (
                    <Table.Tr key={o.name} data-option={o.name}>
                      <Table.Td>
                        <Text fw={600} ff="monospace" size="sm">
                          {o.name}
                        </Text>
                        <Text size="sm" c="dimmed">
                          {t(o.descriptionKey)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t('defaultIs', { value: formatValue(t, o, o.default) })}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {isAdmin ? (
                          <OptionInput
                            option={o}
                            value={shown(o, draft)}
                            onChange={(v) => edit(o, v)}
                            onInvalid={(bad) => markInvalid(o.name, bad)}
                          />
                        ) : (
                          <Text size="sm" data-testid={`value-${o.name}`}>
                            {formatValue(t, o, o.effective)}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          {draft.has(o.name) ? (
                            <Badge color="orange" variant="dot">
                              {draft.get(o.name) === null ? t('pendingReset') : t('pending')}
                            </Badge>
                          ) : (
                            sourceBadge(o)
                          )}
                          {isAdmin && o.row !== null && !draft.has(o.name) ? (
                            <Tooltip label={t('reset')}>
                              <ActionIcon
                                variant="subtle"
                                aria-label={t('resetOption', { name: o.name })}
                                onClick={() => edit(o, null)}
                              >
                                <IconArrowBackUp size={18} aria-hidden />
                              </ActionIcon>
                            </Tooltip>
                          ) : null}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Tabs.Panel>
        ))}
      </Tabs>
      <Modal
        opened={confirm}
        onClose={() => setConfirm(false)}
        title={t('confirmTitle', { count: changes.length })}
        size="lg"
        closeButtonProps={{ 'aria-label': t('cancel') }}
      >
        <Stack>
          <Table aria-label={t('confirmTitle', { count: changes.length })} data-testid="options-diff">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('col.option')}</Table.Th>
                <Table.Th>{t('col.before')}</Table.Th>
                <Table.Th>{t('col.after')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {changes.map(([name, v]) => {
                const o = byName.get(name)!;
                return (
                  <Table.Tr key={name}>
                    <Table.Td ff="monospace">{name}</Table.Td>
                    <Table.Td>{formatValue(t, o, o.effective)}</Table.Td>
                    <Table.Td>
                      {v === null
                        ? t('afterDefault', { value: formatValue(t, o, o.default) })
                        : formatValue(t, o, v)}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(false)}>
              {t('cancel')}
            </Button>
            <Button loading={save.isPending} onClick={() => void submit()} data-testid="options-confirm">
              {t('confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
