import { HIVES, RegistryQueryInput, type RegistryQuery } from '@shared/contract/registry';
import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { translateErrors, uiLang } from '@shared/i18n/contract-message';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

type Values = { name: string; hive: number; key: string; value: string };

/** Create or edit a registry query (name, hive, key below the hive, value name or `*`). */
export function QueryForm(props: { query: RegistryQuery | null; onDone: () => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation(['registry', 'common']);
  const save = useAction('registry.save', { invalidates: ['registry.list', 'registry.values'] });
  const q = props.query;
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: q?.name ?? '', hive: q?.hive ?? 2, key: q?.key ?? '', value: q?.value ?? '' },
    validate: (values) =>
      translateErrors(schemaResolver(RegistryQueryInput, { sync: true })(values), uiLang(i18n.language)),
  });
  return (
    <form
      data-testid="registry-form"
      onSubmit={form.onSubmit((v) =>
        save.mutate(
          { ...v, id: q?.id },
          {
            onSuccess: props.onDone,
            onError: (e) => {
              for (const f of e.wire.fields ?? []) form.setFieldError(f.path, f.message);
            },
          },
        ),
      )}
    >
      <Stack>
        <ErrorAlert error={save.error} />
        <TextInput
          label={t('form.name')}
          description={t('form.nameHint')}
          withAsterisk
          {...form.getInputProps('name')}
        />
        <Select
          label={t('form.hive')}
          withAsterisk
          allowDeselect={false}
          data={HIVES.map((h, i) => ({ value: String(i), label: h }))}
          value={String(form.values.hive)}
          onChange={(v) => form.setFieldValue('hive', Number(v ?? 2))}
          error={form.errors.hive}
        />
        <TextInput
          label={t('form.key')}
          description={t('form.keyHint')}
          placeholder="SOFTWARE\Microsoft\Windows\CurrentVersion\Run"
          withAsterisk
          ff="monospace"
          {...form.getInputProps('key')}
        />
        <TextInput
          label={t('form.value')}
          description={t('form.valueHint')}
          withAsterisk
          {...form.getInputProps('value')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            {t('common:action.cancel')}
          </Button>
          <Button type="submit" color="blue.8" loading={save.isPending}>
            {t('common:action.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
