import type { SnmpTypeConfig } from '@shared/contract/snmp';
import {
  Alert,
  Button,
  Group,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

/**
 * Reads one device from this machine (snmpget/snmpwalk): tests a community, and shows what a type
 * would collect and which of its conditions match. One address, never a range.
 */
export function SnmpPreviewPanel({
  types,
  canUseStored,
}: {
  types: SnmpTypeConfig[];
  canUseStored: boolean;
}) {
  const { t } = useTranslation(['snmp', 'common']);
  const communities = useRoute('snmp.communities', {}, { enabled: canUseStored });
  const run = useAction('snmp.preview');
  const [address, setAddress] = useState('');
  const [port, setPort] = useState<number>(161);
  const [mode, setMode] = useState<'typed' | 'stored'>('typed');
  const [version, setVersion] = useState<'1' | '2c'>('2c');
  const [secret, setSecret] = useState('');
  const [communityId, setCommunityId] = useState<string | null>(null);
  const [typeId, setTypeId] = useState<string | null>(null);
  const r = run.data;
  const go = () =>
    run.mutate({
      address,
      port,
      credentials:
        mode === 'stored' && communityId
          ? { communityId: Number(communityId) }
          : { community: { version, secret } },
      typeId: typeId ? Number(typeId) : undefined,
      timeoutSeconds: 2,
    });
  return (
    <Stack maw={960}>
      <Text size="sm">{t('preview.intro')}</Text>
      <Group align="end">
        <TextInput
          label={t('preview.address')}
          description={t('preview.addressHint')}
          value={address}
          onChange={(e) => setAddress(e.currentTarget.value)}
          data-testid="snmp-preview-address"
        />
        <NumberInput
          w={110}
          label={t('preview.port')}
          min={1}
          max={65535}
          value={port}
          onChange={(v) => setPort(Number(v) || 161)}
          data-testid="snmp-preview-port"
        />
        <Select
          label={t('preview.type')}
          placeholder={t('preview.noType')}
          clearable
          data={types.map((x) => ({ value: String(x.id), label: x.name }))}
          value={typeId}
          onChange={setTypeId}
        />
      </Group>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="snmp-preview-cred">
          {t('preview.credentials')}
        </Text>
        <SegmentedControl
          aria-labelledby="snmp-preview-cred"
          w="fit-content"
          data={[
            { value: 'typed', label: t('preview.typed') },
            { value: 'stored', label: t('preview.stored'), disabled: !canUseStored },
          ]}
          value={mode}
          onChange={(v) => setMode(v as 'typed' | 'stored')}
        />
        {!canUseStored ? (
          <Text size="xs" c="dimmed">
            {t('preview.storedNeedsRight')}
          </Text>
        ) : null}
      </Stack>
      {mode === 'typed' ? (
        <Group align="end">
          <Select
            w={110}
            label={t('communities.version')}
            data={[
              { value: '1', label: 'v1' },
              { value: '2c', label: 'v2c' },
            ]}
            allowDeselect={false}
            value={version}
            onChange={(v) => setVersion(v === '1' ? '1' : '2c')}
          />
          <PasswordInput
            w={260}
            label={t('communities.secret')}
            description={t('preview.notStored')}
            value={secret}
            autoComplete="off"
            onChange={(e) => setSecret(e.currentTarget.value)}
            data-testid="snmp-preview-secret"
          />
        </Group>
      ) : (
        <Select
          w={360}
          label={t('preview.community')}
          data={(communities.data?.communities ?? []).map((c) => ({
            value: String(c.id),
            label: `#${c.id} v${c.version}${c.name ? ` ${c.name}` : ''}${c.username ? ` (${c.username})` : ''}`,
          }))}
          value={communityId}
          onChange={setCommunityId}
        />
      )}
      <Group>
        <Button
          onClick={go}
          loading={run.isPending}
          disabled={!address.trim() || (mode === 'typed' ? !secret : !communityId)}
          data-testid="snmp-preview-run"
        >
          {t('preview.run')}
        </Button>
      </Group>
      <ErrorAlert error={run.error} />
      {r ? (
        <Stack data-testid="snmp-preview-result">
          <Alert
            variant="light"
            color="blue"
            icon={r.reachable ? <IconCircleCheck aria-hidden /> : <IconAlertTriangle aria-hidden />}
            title={r.reachable ? t('preview.reachable') : t('preview.unreachable')}
            data-reachable={r.reachable}
          >
            {r.reachable ? (
              <Text size="sm">
                {r.sysName ?? '—'} · {r.sysDescr ?? '—'}
              </Text>
            ) : (
              <Text size="sm">{r.error}</Text>
            )}
          </Alert>
          {r.conditions.length ? (
            <Table withTableBorder fz="sm" aria-label={t('preview.conditions')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('oid')}</Table.Th>
                  <Table.Th>{t('preview.expected')}</Table.Th>
                  <Table.Th>{t('preview.read')}</Table.Th>
                  <Table.Th>{t('preview.matches')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.conditions.map((c) => (
                  <Table.Tr key={`${c.oid}-${c.expected}`}>
                    <Table.Td>{c.oid}</Table.Td>
                    <Table.Td>{c.expected}</Table.Td>
                    <Table.Td>{c.value ?? '—'}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" data-matches={c.matches}>
                        {c.matches ? (
                          <IconCircleCheck size={16} aria-hidden />
                        ) : (
                          <IconX size={16} aria-hidden />
                        )}
                        <Text span size="sm">
                          {c.matches ? t('yes') : t('no')}
                        </Text>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : null}
          {r.values.length ? (
            <Table
              withTableBorder
              striped
              fz="sm"
              aria-label={t('preview.values')}
              data-testid="snmp-preview-values"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('label')}</Table.Th>
                  <Table.Th>{t('oid')}</Table.Th>
                  <Table.Th>{t('preview.value')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.values.map((v) => (
                  <Table.Tr key={`${v.label ?? ''}-${v.oid}`}>
                    <Table.Td>{v.label ?? '—'}</Table.Td>
                    <Table.Td>{v.oid}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-word' }}>{v.value ?? v.error ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  );
}
