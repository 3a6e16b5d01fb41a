import { Group, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CertForm } from './cert-form';

/** Step 2: the server name, the other names and the subject (checked with ServerSubject before step 3). */
export function StepSubject({ form }: { form: CertForm }) {
  const { t } = useTranslation('certificates');
  const field = (name: string) => form.getInputProps(name);
  return (
    <Stack gap="sm" mt="md">
      <TextInput
        label={t('commonName')}
        description={t('commonNameHint')}
        {...field('subject.commonName')}
        required
      />
      <Group grow align="flex-start">
        <TextInput label={t('dnsNames')} description={t('listHint')} {...field('dnsNames')} />
        <TextInput label={t('ipAddresses')} description={t('listHint')} {...field('ipAddresses')} />
      </Group>
      <Group grow align="flex-start">
        <TextInput label={t('country')} description={t('countryHint')} {...field('subject.country')} />
        <TextInput label={t('state')} {...field('subject.state')} />
        <TextInput label={t('locality')} {...field('subject.locality')} />
      </Group>
      <Group grow align="flex-start">
        <TextInput label={t('organisation')} {...field('subject.organisation')} />
        <TextInput label={t('unit')} {...field('subject.unit')} />
        <TextInput label={t('email')} {...field('subject.email')} />
      </Group>
    </Stack>
  );
}
