import type { AdminField } from '@shared/contract/computers';
import type { SnmpAdminField } from '@shared/contract/snmp';
import { Button, Group, SimpleGrid, Stack, Table } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { RightHint } from '../../components/right-gate/right-gate';
import { useUnsavedChanges } from '../../components/unsaved-guard/unsaved-guard';
import { AdminValueInput } from '../computers/admin-value-input';
import { notifyDone } from '../../components/error-alert/notify';

/** accountinfo_config.TYPE → the editor's value type (0 text, 1 long text, 2 select, 5 checkbox, 11 radio, 14 date). */
const TYPES: Record<number, AdminField['type']> = {
  1: 'longtext',
  2: 'select',
  5: 'checkbox',
  11: 'radio',
  14: 'date',
};

function asAdminField(f: SnmpAdminField): AdminField {
  return {
    column: f.column,
    fieldId: null,
    name: f.column,
    label: f.label,
    type: TYPES[f.type] ?? 'text',
    ocsType: f.type,
    choices: f.choices,
    tab: null,
    order: null,
  };
}

/** Admin data of one SNMP device (snmp_accountinfo): typed inputs with the right, read-only otherwise. */
export function SnmpAdminForm({
  typeId,
  id,
  fields,
  canEdit,
}: {
  typeId: number;
  id: number;
  fields: SnmpAdminField[];
  canEdit: boolean;
}) {
  const { t } = useTranslation(['snmp', 'common']);
  const save = useAction('snmp.setAdminData', { invalidates: ['snmp.device', 'snmp.devices', 'snmp.types'] });
  const initial = Object.fromEntries(fields.map((f) => [f.column, f.value ?? '']));
  const form = useForm<Record<string, string>>({ mode: 'controlled', initialValues: initial });
  useUnsavedChanges(canEdit && form.isDirty(), t('adminData'));

  if (!canEdit) {
    return (
      <Stack gap="xs">
        <div data-testid="snmp-admin-readonly-reason">
          <RightHint right="editAdminData" />
        </div>
        <Table
          withTableBorder
          fz="sm"
          aria-label={t('adminData')}
          layout="fixed"
          data-testid="snmp-admin-readonly"
        >
          <Table.Tbody>
            {fields.map((f) => (
              <Table.Tr key={f.column}>
                <Table.Th w="35%" scope="row">
                  {f.label}
                </Table.Th>
                <Table.Td>{f.value || '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    );
  }

  const submit = form.onSubmit((values) => {
    const changed = Object.fromEntries(
      Object.entries(values)
        .filter(([k, v]) => v !== initial[k])
        .map(([k, v]) => [k, v === '' ? null : v]),
    );
    if (!Object.keys(changed).length) return;
    save.mutate(
      { typeId, id, values: changed },
      {
        onSuccess: () => {
          form.resetDirty(values);
          notifyDone(t('adminSaved'));
        },
        onError: (e) => {
          if (e instanceof ApiError && e.wire.fields) {
            form.setErrors(
              Object.fromEntries(e.wire.fields.map((f) => [f.path.replace(/^values\./, ''), f.message])),
            );
          }
        },
      },
    );
  });

  return (
    <form onSubmit={submit} data-testid="snmp-admin-form">
      <Stack>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {fields.map((f) => (
            <AdminValueInput
              key={f.column}
              field={asAdminField(f)}
              value={form.getValues()[f.column] ?? ''}
              onChange={(v) => form.setFieldValue(f.column, v)}
              error={form.errors[f.column]}
            />
          ))}
        </SimpleGrid>
        <ErrorAlert error={save.error} />
        <Group justify="flex-end">
          <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()}>
            {t('common:action.cancel')}
          </Button>
          <Button type="submit" color="blue.8" loading={save.isPending} disabled={!form.isDirty()}>
            {t('common:action.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
