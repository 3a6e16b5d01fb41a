import {
  Group,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { KEY_TYPES, type CertForm } from './cert-form';

/** Step 3: key type, validity and, for a private CA, the new CA or the existing one with its passphrase. */
export function StepKey({ form }: { form: CertForm }) {
  const { t } = useTranslation('certificates');
  const v = form.getValues();
  return (
    <Stack gap="sm" mt="md">
      <Group grow align="flex-start">
        <Select
          label={t('keyType')}
          {...form.getInputProps('keyType')}
          allowDeselect={false}
          data={KEY_TYPES.map((k) => ({ value: k, label: t(`key.${k}`) }))}
        />
        {v.path !== 'csr' ? (
          <NumberInput
            label={t('validityDays')}
            description={t('validityHint')}
            min={1}
            allowDecimal={false}
            {...form.getInputProps('validityDays')}
          />
        ) : null}
      </Group>
      {v.path === 'ca' ? (
        <Stack gap="sm">
          <Title order={5}>{t('caTitle')}</Title>
          <SegmentedControl
            {...form.getInputProps('caMode')}
            data={[
              { value: 'new', label: t('caNew') },
              { value: 'existing', label: t('caExisting') },
            ]}
          />
          {v.caMode === 'new' ? (
            <TextInput
              label={t('caName')}
              description={t('caNameHint')}
              {...form.getInputProps('caName')}
              required
            />
          ) : (
            <Group grow align="flex-start">
              <TextInput label={t('caCertFile')} {...form.getInputProps('caCertFile')} required />
              <TextInput label={t('caKeyFile')} {...form.getInputProps('caKeyFile')} required />
            </Group>
          )}
          <Group grow align="flex-start">
            <PasswordInput
              label={t('caPassphrase')}
              description={v.caMode === 'new' ? t('caPassphraseHint') : t('caPassphraseExistingHint')}
              {...form.getInputProps('caPassphrase')}
              aria-invalid={!!form.errors.caPassphrase}
              required
            />
            {v.caMode === 'new' ? (
              <PasswordInput
                label={t('caPassphrase2')}
                {...form.getInputProps('caPassphrase2')}
                aria-invalid={!!form.errors.caPassphrase2}
                required
              />
            ) : null}
          </Group>
        </Stack>
      ) : null}
    </Stack>
  );
}
