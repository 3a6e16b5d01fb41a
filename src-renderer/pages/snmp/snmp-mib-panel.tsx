import type { MibOid, SnmpLabel, SnmpTypeConfig } from '@shared/contract/snmp';
import { Button, Checkbox, FileInput, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { CONFIG_INVALIDATES } from './snmp-types-panel';
import { notifyDone } from '../../components/error-alert/notify';

const SHOWN = 300;

/**
 * MIB files read on this machine (snmptranslate): the admin ticks OIDs and adds them to a type, each
 * under a label named after the MIB object (created when missing). Nothing of the file is stored.
 */
export function SnmpMibPanel({ types, labels }: { types: SnmpTypeConfig[]; labels: SnmpLabel[] }) {
  const { t } = useTranslation(['snmp', 'common']);
  const read = useAction('snmp.mibOids');
  const addCfg = useAction('snmp.addConfigs', { invalidates: [...CONFIG_INVALIDATES] });
  const [files, setFiles] = useState<File[]>([]);
  const [result, setResult] = useState<{ modules: string[]; oids: MibOid[] } | null>(null);
  const [filter, setFilter] = useState('');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [typeId, setTypeId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<unknown>(null);

  const load = async () => {
    const texts = await Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() })));
    read.mutate(
      { files: texts },
      {
        onSuccess: (r) => {
          setResult(r);
          setPicked(new Set());
        },
      },
    );
  };
  const f = filter.trim().toLowerCase();
  const shown = (result?.oids ?? []).filter(
    (o) => !f || o.label.toLowerCase().includes(f) || o.oid.includes(f),
  );

  const add = async () => {
    const type = types.find((x) => String(x.id) === typeId);
    if (!type || !result) return;
    setAdding(true);
    setAddError(null);
    try {
      const byName = new Map(labels.map((l) => [l.name.toLowerCase(), l.id]));
      const items: Array<{ labelId: number; oid: string; reconciliation: boolean }> = [];
      for (const o of result.oids.filter((x) => picked.has(x.oid))) {
        let id = byName.get(o.label.toLowerCase());
        if (id === undefined) {
          id = (await call('snmp.createLabel', { name: o.label })).id;
          byName.set(o.label.toLowerCase(), id);
        }
        if (!type.configs.some((c) => c.labelId === id))
          items.push({ labelId: id, oid: o.oid, reconciliation: false });
      }
      if (items.length) await addCfg.mutateAsync({ typeId: type.id, items });
      notifyDone(t('mib.added', { count: items.length, type: type.name }));
      setPicked(new Set());
    } catch (e) {
      setAddError(e);
    } finally {
      setAdding(false);
    }
  };

  return (
    <Stack maw={960}>
      <Text size="sm">{t('mib.intro')}</Text>
      <Group align="end">
        <FileInput
          w={360}
          multiple
          clearable
          clearButtonProps={{ 'aria-label': t('mib.clear') }}
          label={t('mib.files')}
          placeholder={t('mib.choose')}
          leftSection={<IconFileUpload size={16} aria-hidden />}
          value={files}
          onChange={setFiles}
          data-testid="snmp-mib-files"
        />
        <Button disabled={!files.length} loading={read.isPending} onClick={() => void load()}>
          {t('mib.read')}
        </Button>
      </Group>
      <ErrorAlert error={read.error ?? addError} />
      {result ? (
        <>
          <Text size="sm" data-testid="snmp-mib-summary">
            {t('mib.summary', { modules: result.modules.join(', ') || '—', count: result.oids.length })}
          </Text>
          <Group align="end">
            <TextInput
              label={t('mib.filter')}
              value={filter}
              onChange={(e) => setFilter(e.currentTarget.value)}
            />
            <Select
              label={t('mib.toType')}
              data={types.map((x) => ({ value: String(x.id), label: x.name }))}
              value={typeId}
              onChange={setTypeId}
            />
            <Button disabled={!typeId || !picked.size} loading={adding} onClick={() => void add()}>
              {t('mib.add', { count: picked.size })}
            </Button>
          </Group>
          <Table withTableBorder striped fz="sm" data-testid="snmp-mib-oids">
            <Table.Caption>
              {shown.length > SHOWN ? t('mib.more', { shown: SHOWN, count: shown.length }) : ''}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={50}>
                  <span className="visually-hidden">{t('mib.pick')}</span>
                </Table.Th>
                <Table.Th>{t('label')}</Table.Th>
                <Table.Th>{t('oid')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.slice(0, SHOWN).map((o) => (
                <Table.Tr key={o.oid}>
                  <Table.Td>
                    <Checkbox
                      aria-label={t('mib.pickOne', { label: o.label })}
                      checked={picked.has(o.oid)}
                      onChange={(e) => {
                        const next = new Set(picked);
                        if (e.currentTarget.checked) next.add(o.oid);
                        else next.delete(o.oid);
                        setPicked(next);
                      }}
                    />
                  </Table.Td>
                  <Table.Td>{o.label}</Table.Td>
                  <Table.Td>{o.oid}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      ) : null}
    </Stack>
  );
}
