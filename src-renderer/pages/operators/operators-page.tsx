import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { OperatorRow } from '@shared/contract/operators';
import { SHIPPED_PROFILES, shippedProfile } from '@shared/contract/rights';
import { modals } from '@mantine/modals';
import { IconShieldExclamation } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

const INVALIDATES = ['operators.list', 'operators.weakHashes'] as const;

/** A tag perimeter applies to ladmin and to custom profiles (docs/operators.md). */
function takesTags(profile: string): boolean {
  const p = shippedProfile(profile);
  return p === null || p === 'ladmin';
}

/** Create or edit one operator (profile, names, email, tags; password on creation). */
function OperatorForm({ initial, onDone }: { initial: OperatorRow | null; onDone: () => void }) {
  const { t } = useTranslation('operators');
  const create = useAction('operators.create', { invalidates: [...INVALIDATES] });
  const update = useAction('operators.update', { invalidates: [...INVALIDATES] });
  const setTags = useAction('operators.setTags', { invalidates: [...INVALIDATES] });
  const [login, setLogin] = useState(initial?.login ?? '');
  const [password, setPassword] = useState('');
  const [profile, setProfile] = useState<string>(initial?.profile ?? 'read-only');
  const [firstName, setFirstName] = useState(initial?.firstName ?? '');
  const [lastName, setLastName] = useState(initial?.lastName ?? '');
  const [email, setEmail] = useState(initial?.email ?? '');
  const [tags, setTagList] = useState<string[]>(initial?.tags ?? []);
  const error = create.error ?? update.error ?? setTags.error;
  const busy = create.isPending || update.isPending || setTags.isPending;

  const submit = async () => {
    if (initial) {
      await update.mutateAsync({ login: initial.login, profile, firstName, lastName, email });
      if (takesTags(profile) && tags.join('\n') !== initial.tags.join('\n'))
        await setTags.mutateAsync({ login: initial.login, tags });
    } else {
      await create.mutateAsync({
        login,
        password,
        profile,
        firstName,
        lastName,
        email,
        tags: takesTags(profile) ? tags : [],
      });
    }
    onDone();
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit().catch(() => undefined);
      }}
    >
      <Stack>
        <TextInput
          label={t('login')}
          value={login}
          onChange={(e) => setLogin(e.currentTarget.value)}
          disabled={!!initial}
          required
        />
        {initial ? null : (
          <PasswordInput
            label={t('password')}
            description={t('passwordRule')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required
          />
        )}
        <Select
          label={t('profile')}
          description={t('profileHelp')}
          value={profile}
          onChange={(v) => setProfile(v ?? 'read-only')}
          allowDeselect={false}
          data={[
            ...SHIPPED_PROFILES.map((p) => ({ value: p, label: t(`profileName.${p}`) })),
            ...(initial?.profile && !shippedProfile(initial.profile)
              ? [{ value: initial.profile, label: initial.profile }]
              : []),
          ]}
        />
        <Group grow>
          <TextInput
            label={t('firstName')}
            value={firstName}
            onChange={(e) => setFirstName(e.currentTarget.value)}
          />
          <TextInput
            label={t('lastName')}
            value={lastName}
            onChange={(e) => setLastName(e.currentTarget.value)}
          />
        </Group>
        <TextInput
          label={t('email')}
          type="email"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        {takesTags(profile) ? (
          <TagsInput
            label={t('tags')}
            description={t('tagsHelp')}
            value={tags}
            onChange={setTagList}
            clearable
          />
        ) : null}
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {initial ? t('save') : t('create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ResetPassword({ login, onDone }: { login: string; onDone: () => void }) {
  const { t } = useTranslation('operators');
  const reset = useAction('operators.resetPassword');
  const [password, setPassword] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void reset.mutateAsync({ login, password }).then(onDone, () => undefined);
      }}
    >
      <Stack>
        <PasswordInput
          label={t('newPassword')}
          description={t('passwordRule')}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          required
        />
        <ErrorAlert error={reset.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={reset.isPending}>
            {t('resetPassword')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Operators of the OCS database (Administrators only). */
export default function OperatorsPage() {
  const { t } = useTranslation(['operators', 'nav']);
  const list = useRoute('operators.list', {});
  const weak = useRoute('operators.weakHashes', {});
  const del = useAction('operators.delete', { invalidates: [...INVALIDATES] });
  const [editing, setEditing] = useState<OperatorRow | 'new' | null>(null);
  const [resetting, setResetting] = useState<string | null>(null);
  const rows = list.data ?? [];

  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={2}>{t('nav:operators')}</Title>
        <Button onClick={() => setEditing('new')}>{t('add')}</Button>
      </Group>
      <ErrorAlert error={list.error ?? del.error} />
      {weak.data && weak.data.length > 0 ? (
        <Alert
          color="orange.9"
          icon={<IconShieldExclamation aria-hidden />}
          title={t('weakTitle', { count: weak.data.length })}
          data-testid="weak-hashes"
        >
          <Text size="sm">{t('weakHint')}</Text>
          <Text size="sm">{weak.data.map((w) => `${w.login} (${w.reason})`).join(', ')}</Text>
        </Alert>
      ) : null}
      <Table withTableBorder striped aria-label={t('tableLabel')} data-testid="operators-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('login')}</Table.Th>
            <Table.Th>{t('name')}</Table.Th>
            <Table.Th>{t('profile')}</Table.Th>
            <Table.Th>{t('rights')}</Table.Th>
            <Table.Th>{t('tags')}</Table.Th>
            <Table.Th>{t('actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((o) => (
            <Table.Tr key={o.login}>
              <Table.Td>{o.login}</Table.Td>
              <Table.Td>{[o.firstName, o.lastName].filter(Boolean).join(' ')}</Table.Td>
              <Table.Td>
                <Badge color={o.rights.includes('manageOperators') ? 'red' : 'gray'}>{o.profile ?? ''}</Badge>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{o.rights.map((r) => t(`right.${r}`)).join(', ')}</Text>
              </Table.Td>
              <Table.Td>{o.restricted ? o.tags.join(', ') || t('noTags') : t('allComputers')}</Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => setEditing(o)}
                    aria-label={t('editOf', { login: o.login })}
                  >
                    {t('edit')}
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => setResetting(o.login)}
                    aria-label={t('resetOf', { login: o.login })}
                  >
                    {t('resetPassword')}
                  </Button>
                  <Button
                    size="xs"
                    color="red"
                    variant="light"
                    aria-label={t('deleteOf', { login: o.login })}
                    loading={del.isPending && del.variables?.login === o.login}
                    onClick={() =>
                      modals.openConfirmModal({
                        closeButtonProps: { 'aria-label': t('common:action.close') },
                        title: t('deleteOf', { login: o.login }),
                        children: <Text size="sm">{t('confirmDelete', { login: o.login })}</Text>,
                        labels: { confirm: t('delete'), cancel: t('common:action.cancel') },
                        confirmProps: { color: 'red.9' },
                        onConfirm: () => del.mutate({ login: o.login }),
                      })
                    }
                  >
                    {t('delete')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('add') : t('editOf', { login: editing?.login ?? '' })}
      >
        {editing !== null ? (
          <OperatorForm initial={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        ) : null}
      </Modal>
      <Modal
        opened={resetting !== null}
        onClose={() => setResetting(null)}
        title={t('resetOf', { login: resetting ?? '' })}
      >
        {resetting ? <ResetPassword login={resetting} onDone={() => setResetting(null)} /> : null}
      </Modal>
    </Stack>
  );
}
