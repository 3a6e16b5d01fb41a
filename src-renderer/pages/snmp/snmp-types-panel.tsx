import type { SnmpLabel, SnmpTypeConfig } from '@shared/contract/snmp';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { confirmDelete } from './confirm';

export const CONFIG_INVALIDATES = ['snmp.config', 'snmp.types', 'snmp.devices', 'snmp.device'] as const;

/** One SNMP type: its conditions (what the agent matches) and its OID configuration (its columns). */
function TypeCard({ type, labels }: { type: SnmpTypeConfig; labels: SnmpLabel[] }) {
  const { t } = useTranslation(['snmp', 'common']);
  const inv = { invalidates: [...CONFIG_INVALIDATES] };
  const delType = useAction('snmp.deleteType', inv);
  const addCond = useAction('snmp.addCondition', inv);
  const delCond = useAction('snmp.deleteCondition', inv);
  const addCfg = useAction('snmp.addConfigs', inv);
  const delCfg = useAction('snmp.deleteConfig', inv);
  const [cond, setCond] = useState({ oid: '', value: '' });
  const [cfg, setCfg] = useState<{ labelId: string | null; oid: string; reconciliation: boolean }>({
    labelId: null,
    oid: '',
    reconciliation: false,
  });
  const used = new Set(type.configs.map((c) => c.labelId));
  const hasRec = type.configs.some((c) => c.reconciliation);
  return (
    <Card withBorder component="section" aria-label={type.name} data-testid={`snmp-type-${type.name}`}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={3} size="h4">
            {type.name}
          </Title>
          <Badge variant="outline" color="gray" tt="none">
            {type.table}
          </Badge>
        </Group>
        <Button
          color="red.9"
          size="compact-sm"
          leftSection={<IconTrash size={14} aria-hidden />}
          loading={delType.isPending}
          onClick={() =>
            confirmDelete(
              t,
              t('types.deleteTitle', { name: type.name }),
              t('types.deleteText', { table: type.table }),
              () => delType.mutate({ id: type.id }),
            )
          }
        >
          {t('types.delete')}
        </Button>
      </Group>
      {type.tableMissing ? (
        <Alert variant="light" color="blue" mb="xs">
          {t('tableMissing', { table: type.table })}
        </Alert>
      ) : null}
      <ErrorAlert error={delType.error ?? addCond.error ?? delCond.error ?? addCfg.error ?? delCfg.error} />
      <Title order={4} size="h5" mt="xs">
        {t('types.conditions')}
      </Title>
      <Text size="sm" mb={4}>
        {t('types.conditionsHint')}
      </Text>
      {type.conditions.length > 1 ? (
        <Alert variant="light" color="blue" mb="xs" data-testid="snmp-one-condition">
          {t('types.oneConditionSent', {
            oid: type.sentCondition?.oid ?? '',
            value: type.sentCondition?.value ?? '',
          })}
        </Alert>
      ) : null}
      <Table withTableBorder fz="sm" aria-label={t('types.conditionsOf', { name: type.name })}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('oid')}</Table.Th>
            <Table.Th>{t('types.value')}</Table.Th>
            <Table.Th w={60}>
              <span className="visually-hidden">{t('actions')}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {type.conditions.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>{c.oid}</Table.Td>
              <Table.Td>{c.value}</Table.Td>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="red.9"
                  aria-label={t('types.deleteCondition', { oid: c.oid })}
                  onClick={() =>
                    confirmDelete(
                      t,
                      t('types.deleteConditionTitle'),
                      t('types.deleteConditionText', { oid: c.oid }),
                      () => delCond.mutate({ id: c.id }),
                    )
                  }
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group align="end" mt="xs">
        <TextInput
          size="xs"
          label={t('oid')}
          placeholder="1.3.6.1.2.1.1.2.0"
          value={cond.oid}
          onChange={(e) => setCond({ ...cond, oid: e.currentTarget.value })}
        />
        <TextInput
          size="xs"
          label={t('types.value')}
          description={t('types.valueHint')}
          value={cond.value}
          onChange={(e) => setCond({ ...cond, value: e.currentTarget.value })}
        />
        <Button
          size="xs"
          disabled={!cond.oid.trim()}
          loading={addCond.isPending}
          onClick={() =>
            addCond.mutate({ typeId: type.id, ...cond }, { onSuccess: () => setCond({ oid: '', value: '' }) })
          }
        >
          {t('types.addCondition')}
        </Button>
      </Group>

      <Title order={4} size="h5" mt="md">
        {t('types.configs')}
      </Title>
      <Text size="sm" mb={4}>
        {t('types.configsHint')}
      </Text>
      <Table withTableBorder fz="sm" aria-label={t('types.configsOf', { name: type.name })}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('label')}</Table.Th>
            <Table.Th>{t('oid')}</Table.Th>
            <Table.Th>{t('reconciliation')}</Table.Th>
            <Table.Th w={60}>
              <span className="visually-hidden">{t('actions')}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {type.configs.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>{c.label ?? `#${c.labelId}`}</Table.Td>
              <Table.Td>{c.oid}</Table.Td>
              <Table.Td>{c.reconciliation ? t('yes') : ''}</Table.Td>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="red.9"
                  aria-label={t('types.deleteConfig', { label: c.label ?? c.oid })}
                  onClick={() =>
                    confirmDelete(
                      t,
                      t('types.deleteConfigTitle'),
                      t('types.deleteConfigText', { label: c.label ?? '', table: type.table }),
                      () => delCfg.mutate({ id: c.id }),
                    )
                  }
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group align="end" mt="xs">
        <Select
          size="xs"
          label={t('label')}
          data={labels.filter((l) => !used.has(l.id)).map((l) => ({ value: String(l.id), label: l.name }))}
          value={cfg.labelId}
          onChange={(v) => setCfg({ ...cfg, labelId: v })}
          searchable
          nothingFoundMessage={t('labels.none')}
        />
        <TextInput
          size="xs"
          label={t('oid')}
          placeholder="1.3.6.1.2.1.1.5.0"
          value={cfg.oid}
          onChange={(e) => setCfg({ ...cfg, oid: e.currentTarget.value })}
        />
        <Checkbox
          size="xs"
          mb={6}
          label={t('reconciliation')}
          disabled={hasRec}
          title={hasRec ? t('types.oneReconciliation') : undefined}
          checked={cfg.reconciliation}
          onChange={(e) => setCfg({ ...cfg, reconciliation: e.currentTarget.checked })}
        />
        <Button
          size="xs"
          disabled={!cfg.labelId || !cfg.oid.trim()}
          loading={addCfg.isPending}
          onClick={() =>
            addCfg.mutate(
              {
                typeId: type.id,
                items: [{ labelId: Number(cfg.labelId), oid: cfg.oid, reconciliation: cfg.reconciliation }],
              },
              { onSuccess: () => setCfg({ labelId: null, oid: '', reconciliation: false }) },
            )
          }
        >
          {t('types.addConfig')}
        </Button>
      </Group>
    </Card>
  );
}

/** SNMP types: create, and per type its conditions and OID configuration. */
export function SnmpTypesPanel({ types, labels }: { types: SnmpTypeConfig[]; labels: SnmpLabel[] }) {
  const { t } = useTranslation('snmp');
  const create = useAction('snmp.createType', { invalidates: [...CONFIG_INVALIDATES] });
  const [name, setName] = useState('');
  return (
    <Stack>
      <Text size="sm">{t('types.intro')}</Text>
      <ErrorAlert error={create.error} />
      <Group align="end">
        <TextInput
          label={t('types.new')}
          description={t('types.newHint')}
          value={name}
          data-testid="snmp-new-type"
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Button
          disabled={!name.trim()}
          loading={create.isPending}
          onClick={() => create.mutate({ name }, { onSuccess: () => setName('') })}
        >
          {t('types.create')}
        </Button>
      </Group>
      {!types.length ? <Text size="sm">{t('noTypes')}</Text> : null}
      {types.map((x) => (
        <TypeCard key={x.id} type={x} labels={labels} />
      ))}
    </Stack>
  );
}
