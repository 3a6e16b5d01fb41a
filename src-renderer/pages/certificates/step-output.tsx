import { Button, Checkbox, Group, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CertForm } from './cert-form';

/** Step 4: where the files go; "Create the files" checks every step again before anything is written. */
export function StepOutput({
  form,
  onCreate,
  busy,
}: {
  form: CertForm;
  onCreate: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation('certificates');
  return (
    <Stack gap="sm" mt="md">
      <TextInput
        label={t('outputDir')}
        description={t('outputDirHint')}
        {...form.getInputProps('outputDir')}
        required
      />
      <TextInput label={t('baseName')} description={t('baseNameHint')} {...form.getInputProps('baseName')} />
      <Checkbox label={t('overwrite')} {...form.getInputProps('overwrite', { type: 'checkbox' })} />
      <Group>
        <Button data-testid="cert-create" onClick={onCreate} loading={busy}>
          {t('create')}
        </Button>
      </Group>
    </Stack>
  );
}
