import type { CommunityInput, SnmpCommunity } from '@shared/contract/snmp';
import { AUTH_PROTOS, PRIV_PROTOS, SNMP_LEVELS, SNMP_VERSIONS } from '@shared/contract/snmp';
import {
  ActionIcon,
  Button,
  Group,
  Modal,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconLock, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { confirmDelete } from './confirm';

type Draft = Required<Pick<CommunityInput, 'version'>> & {
  id?: number;
  secret: string;
  name: string;
  username: string;
  level: (typeof SNMP_LEVELS)[number];
  authProto: (typeof AUTH_PROTOS)[number];
  authPassword: string;
  privProto: (typeof PRIV_PROTOS)[number];
  privPassword: string;
};

const EMPTY: Draft = {
  version: '2c',
  secret: '',
  name: '',
  username: '',
  level: 'noAuthNoPriv',
  authProto: 'md5',
  authPassword: '',
  privProto: 'des',
  privPassword: '',
};

function draftOf(c: SnmpCommunity): Draft {
  const version = (SNMP_VERSIONS as readonly string[]).includes(c.version)
    ? (c.version as Draft['version'])
    : '2c';
  return {
    ...EMPTY,
    id: c.id,
    version,
    name: c.name ?? '',
    username: c.username ?? '',
    level: (SNMP_LEVELS as readonly string[]).includes(c.level ?? '')
      ? (c.level as Draft['level'])
      : 'noAuthNoPriv',
    authProto: c.authProto === 'sha' ? 'sha' : 'md5',
    privProto: c.privProto === 'aes' ? 'aes' : 'des',
  };
}

/** Whether a secret is stored: never its value. */
function SecretState({ set }: { set: boolean }) {
  const { t } = useTranslation('snmp');
  return set ? (
    <Group gap={4} wrap="nowrap" data-secret="set" component="span">
      <IconLock size={14} aria-hidden />
      <Text span size="sm">
        {t('communities.set')}
      </Text>
    </Group>
  ) : (
    <Text span size="sm">
      —
    </Text>
  );
}

/** A secret input: empty on an edit keeps the stored value; the placeholder says so. */
function SecretInput(props: {
  label: string;
  stored: boolean;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  testId: string;
}) {
  const { t } = useTranslation('snmp');
  return (
    <PasswordInput
      label={props.label}
      description={props.stored ? t('communities.replaceHint') : undefined}
      placeholder={props.stored ? t('communities.replace') : undefined}
      value={props.value}
      autoComplete="new-password"
      onChange={(e) => props.onChange(e.currentTarget.value)}
      error={props.error}
      data-testid={props.testId}
    />
  );
}

function CommunityForm({
  initial,
  stored,
  onDone,
}: {
  initial: Draft;
  stored?: SnmpCommunity;
  onDone: () => void;
}) {
  const { t } = useTranslation(['snmp', 'common']);
  const save = useAction('snmp.saveCommunity', { invalidates: ['snmp.communities'] });
  const [d, setD] = useState<Draft>(initial);
  const sameVersion = stored?.version === d.version;
  const errors =
    save.error instanceof ApiError
      ? Object.fromEntries((save.error.wire.fields ?? []).map((f) => [f.path, f.message]))
      : {};
  const v3 = d.version === '3';
  const auth = v3 && d.level !== 'noAuthNoPriv';
  const priv = v3 && d.level === 'authPriv';
  const submit = () => {
    const input: CommunityInput = v3
      ? {
          id: d.id,
          version: '3',
          name: d.name || undefined,
          username: d.username,
          level: d.level,
          authProto: auth ? d.authProto : undefined,
          authPassword: auth && d.authPassword ? d.authPassword : undefined,
          privProto: priv ? d.privProto : undefined,
          privPassword: priv && d.privPassword ? d.privPassword : undefined,
        }
      : { id: d.id, version: d.version, secret: d.secret || undefined };
    save.mutate(input, { onSuccess: onDone });
  };
  return (
    <Stack>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="snmp-version-label">
          {t('communities.version')}
        </Text>
        <SegmentedControl
          aria-labelledby="snmp-version-label"
          data={SNMP_VERSIONS.map((v) => ({ value: v, label: `v${v}` }))}
          value={d.version}
          onChange={(v) => setD({ ...d, version: v as Draft['version'] })}
        />
      </Stack>
      {v3 ? (
        <>
          <TextInput
            label={t('communities.name')}
            description={t('communities.nameHint')}
            value={d.name}
            onChange={(e) => setD({ ...d, name: e.currentTarget.value })}
            error={errors.name}
          />
          <TextInput
            label={t('communities.username')}
            required
            value={d.username}
            onChange={(e) => setD({ ...d, username: e.currentTarget.value })}
            error={errors.username}
          />
          <Select
            label={t('communities.level')}
            data={[...SNMP_LEVELS]}
            value={d.level}
            allowDeselect={false}
            onChange={(v) => setD({ ...d, level: (v ?? 'noAuthNoPriv') as Draft['level'] })}
            error={errors.level}
          />
          {auth ? (
            <Group grow align="start">
              <Select
                label={t('communities.authProto')}
                data={[...AUTH_PROTOS]}
                value={d.authProto}
                allowDeselect={false}
                onChange={(v) => setD({ ...d, authProto: (v ?? 'md5') as Draft['authProto'] })}
              />
              <SecretInput
                label={t('communities.authPassword')}
                stored={!!(sameVersion && stored?.hasAuthPassword)}
                value={d.authPassword}
                onChange={(v) => setD({ ...d, authPassword: v })}
                error={errors.authPassword}
                testId="snmp-auth-password"
              />
            </Group>
          ) : null}
          {priv ? (
            <Group grow align="start">
              <Select
                label={t('communities.privProto')}
                data={[...PRIV_PROTOS]}
                value={d.privProto}
                allowDeselect={false}
                onChange={(v) => setD({ ...d, privProto: (v ?? 'des') as Draft['privProto'] })}
              />
              <SecretInput
                label={t('communities.privPassword')}
                stored={!!(sameVersion && stored?.hasPrivPassword)}
                value={d.privPassword}
                onChange={(v) => setD({ ...d, privPassword: v })}
                error={errors.privPassword}
                testId="snmp-priv-password"
              />
            </Group>
          ) : null}
        </>
      ) : (
        <SecretInput
          label={t('communities.secret')}
          stored={!!(sameVersion && stored?.hasSecret)}
          value={d.secret}
          onChange={(v) => setD({ ...d, secret: v })}
          error={errors.secret}
          testId="snmp-community-secret"
        />
      )}
      <ErrorAlert error={save.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common:action.cancel')}
        </Button>
        <Button color="blue.8" loading={save.isPending} onClick={submit} data-testid="snmp-community-save">
          {t('common:action.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Communities sent to agents: v1/v2c strings and v3 users; secrets are write-only. */
export function SnmpCommunitiesPanel() {
  const { t } = useTranslation(['snmp', 'common']);
  const list = useRoute('snmp.communities', {});
  const remove = useAction('snmp.deleteCommunity', { invalidates: ['snmp.communities'] });
  const [editing, setEditing] = useState<{ draft: Draft; stored?: SnmpCommunity } | null>(null);
  const rows = list.data?.communities ?? [];
  return (
    <Stack maw={960}>
      <Text size="sm">{t('communities.intro')}</Text>
      <ErrorAlert error={list.error ?? remove.error} />
      <Group>
        <Button onClick={() => setEditing({ draft: EMPTY })} data-testid="snmp-community-add">
          {t('communities.add')}
        </Button>
      </Group>
      <Table withTableBorder striped fz="sm" data-testid="snmp-communities-table">
        <Table.Caption>{rows.length ? t('communities.caption') : t('communities.none')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('communities.version')}</Table.Th>
            <Table.Th>{t('communities.secret')}</Table.Th>
            <Table.Th>{t('communities.name')}</Table.Th>
            <Table.Th>{t('communities.username')}</Table.Th>
            <Table.Th>{t('communities.level')}</Table.Th>
            <Table.Th>{t('communities.authPassword')}</Table.Th>
            <Table.Th>{t('communities.privPassword')}</Table.Th>
            <Table.Th w={90}>
              <span className="visually-hidden">{t('actions')}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((c) => (
            <Table.Tr key={c.id} data-testid="snmp-community-row">
              <Table.Td>v{c.version}</Table.Td>
              <Table.Td>{c.version === '3' ? '' : <SecretState set={c.hasSecret} />}</Table.Td>
              <Table.Td>{c.name ?? ''}</Table.Td>
              <Table.Td>{c.username ?? ''}</Table.Td>
              <Table.Td>{c.level ?? ''}</Table.Td>
              <Table.Td>
                {c.version === '3' ? <SecretState set={c.hasAuthPassword} /> : ''} {c.authProto ?? ''}
              </Table.Td>
              <Table.Td>
                {c.version === '3' ? <SecretState set={c.hasPrivPassword} /> : ''} {c.privProto ?? ''}
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('communities.edit', { id: c.id })}
                    onClick={() => setEditing({ draft: draftOf(c), stored: c })}
                  >
                    <IconPencil size={16} aria-hidden />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red.9"
                    aria-label={t('communities.delete', { id: c.id })}
                    onClick={() =>
                      confirmDelete(t, t('communities.deleteTitle'), t('communities.deleteText'), () =>
                        remove.mutate({ id: c.id }),
                      )
                    }
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        opened={!!editing}
        onClose={() => setEditing(null)}
        title={editing?.stored ? t('communities.editTitle') : t('communities.addTitle')}
        closeButtonProps={{ 'aria-label': t('common:action.close') }}
      >
        {editing ? (
          <CommunityForm initial={editing.draft} stored={editing.stored} onDone={() => setEditing(null)} />
        ) : null}
      </Modal>
    </Stack>
  );
}
