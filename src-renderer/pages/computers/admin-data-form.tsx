import { AdminValues, type AdminField, type SectionRow } from '@shared/contract/computers';
import { Button, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { translateErrors, uiLang } from '@shared/i18n/contract-message';
import { useTranslation } from 'react-i18next';
import { RightButton, RightHint } from '../../components/right-gate/right-gate';
import { ApiError } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { useUnsavedChanges } from '../../components/unsaved-guard/unsaved-guard';
import { AdminValueInput } from './admin-value-input';
import { formatCell } from './format';
import { notifyDone } from '../../components/error-alert/notify';

function initialValues(fields: AdminField[], row: SectionRow | null): Record<string, string> {
  return Object.fromEntries(
    fields.map((f) => [f.column, row?.[f.column] == null ? '' : String(row[f.column])]),
  );
}

/** Admin data of one computer: typed inputs for an Administrator, read-only values for a User. */
export function AdminDataForm({
  id,
  fields,
  row,
  canEdit,
}: {
  id: number;
  fields: AdminField[];
  row: SectionRow | null;
  canEdit: boolean;
}) {
  const { t, i18n } = useTranslation(['computers', 'common']);
  const save = useAction('computers.setAdminData', {
    invalidates: ['computers.detail', 'computers.list', 'computers.total', 'tags.repartition'],
  });
  const initial = initialValues(fields, row);
  const form = useForm<Record<string, string>>({
    mode: 'controlled',
    initialValues: initial,
    validate: (values) =>
      translateErrors(schemaResolver(AdminValues, { sync: true })(values), uiLang(i18n.language)),
  });
  useUnsavedChanges(canEdit && form.isDirty(), t('detail.tab.admin'));

  if (!canEdit) {
    return (
      <Stack>
        <RightHint right="editAdminData" />
        <Table
          withTableBorder
          fz="sm"
          aria-label={t('detail.tab.admin')}
          layout="fixed"
          data-testid="admin-readonly"
        >
          <Table.Tbody>
            {fields.map((f) => (
              <Table.Tr key={f.column}>
                <Table.Th w="35%" scope="row">
                  {f.label}
                </Table.Th>
                <Table.Td>
                  {formatCell(row?.[f.column] ?? null, f.type, i18n.language, f) || <Text span>—</Text>}
                </Table.Td>
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
    // The promise, not mutate()'s own callbacks: the refetched detail gives this form a new key (the
    // saved values), and TanStack Query skips a mutate() callback once its form has been replaced, so
    // "saved" was not said whenever the refetch won the race.
    save.mutateAsync({ id, values: changed }).then(
      () => {
        form.resetDirty(values);
        notifyDone(t('detail.adminSaved'));
      },
      (e: unknown) => {
        if (e instanceof ApiError && e.wire.fields) {
          form.setErrors(
            Object.fromEntries(e.wire.fields.map((f) => [f.path.replace(/^values\./, ''), f.message])),
          );
        }
      },
    );
  });

  return (
    <form onSubmit={submit} data-testid="admin-form">
      <Stack>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {fields.map((f) => (
            <AdminValueInput
              key={f.column}
              field={f}
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
          <RightButton
            right="editAdminData"
            type="submit"
            color="blue.8"
            loading={save.isPending}
            disabled={!form.isDirty()}
          >
            {t('common:action.save')}
          </RightButton>
        </Group>
      </Stack>
    </form>
  );
}
