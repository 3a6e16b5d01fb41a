import { Checkbox, Group, NumberInput, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BuildForm } from './build-form';

/** Step 3: what the Windows agent shows the user before and after installing. */
export function BuildStepUser({ form }: { form: BuildForm }) {
  const { t } = useTranslation('packages');
  const v = form.getValues();
  return (
    <Stack gap="sm" mt="md">
      <Checkbox label={t('notify.enabled')} {...form.getInputProps('notify', { type: 'checkbox' })} />
      <Textarea
        label={t('notify.text')}
        disabled={!v.notify}
        required={v.notify}
        {...form.getInputProps('notifyText')}
      />
      <Group grow align="flex-start">
        <NumberInput
          label={t('notify.countdown')}
          disabled={!v.notify}
          min={0}
          max={86400}
          allowDecimal={false}
          {...form.getInputProps('countdown')}
        />
        <Checkbox
          label={t('notify.canAbort')}
          disabled={!v.notify}
          {...form.getInputProps('canAbort', { type: 'checkbox' })}
        />
        <Checkbox
          label={t('notify.canDelay')}
          disabled={!v.notify}
          {...form.getInputProps('canDelay', { type: 'checkbox' })}
        />
      </Group>
      <Checkbox label={t('needDone.enabled')} {...form.getInputProps('needDone', { type: 'checkbox' })} />
      <Textarea
        label={t('needDone.text')}
        disabled={!v.needDone}
        required={v.needDone}
        {...form.getInputProps('needDoneText')}
      />
      <Text fz="xs" c="dimmed">
        {t('notify.unixHint')}
      </Text>
    </Stack>
  );
}
