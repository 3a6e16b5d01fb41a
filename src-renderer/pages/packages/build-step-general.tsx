import { Group, NumberInput, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Act, BuildForm } from './build-form';

/** Step 1: name, target, priority and what the agent does (the command, program or folder it needs). */
export function BuildStepGeneral({ form }: { form: BuildForm }) {
  const { t } = useTranslation('packages');
  const action = form.getValues().action;
  return (
    <Stack gap="sm" mt="md">
      <TextInput label={t('name')} {...form.getInputProps('name')} required />
      <Textarea label={t('description')} {...form.getInputProps('description')} autosize minRows={2} />
      <Group grow align="flex-start">
        <Select
          label={t('os')}
          {...form.getInputProps('os')}
          data={[
            { value: 'WINDOWS', label: 'Windows' },
            { value: 'LINUX', label: 'Linux' },
            { value: 'MAC', label: 'macOS' },
          ]}
          allowDeselect={false}
        />
        <Select
          label={t('proto')}
          {...form.getInputProps('proto')}
          data={['HTTP', 'HTTPS']}
          allowDeselect={false}
        />
        <NumberInput
          label={t('priority')}
          description={t('priorityHint')}
          min={0}
          max={10}
          allowDecimal={false}
          {...form.getInputProps('priority')}
        />
      </Group>
      <Select
        label={t('action')}
        {...form.getInputProps('action')}
        allowDeselect={false}
        data={(['LAUNCH', 'EXECUTE', 'STORE'] as const satisfies readonly Act[]).map((a) => ({
          value: a,
          label: t(`act.${a}`),
        }))}
      />
      <TextInput
        label={t(`param.${action}`)}
        description={t(`paramHint.${action}`)}
        {...form.getInputProps('actionParam')}
        required
      />
    </Stack>
  );
}
