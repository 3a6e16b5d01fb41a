import { Radio, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CertForm } from './cert-form';

/** Step 1: self-signed, a request for a company PKI, or a private CA. */
export function StepPath({ form }: { form: CertForm }) {
  const { t } = useTranslation('certificates');
  return (
    <Radio.Group {...form.getInputProps('path')} mt="md" label={t('pathLabel')}>
      <Stack gap="xs" mt="xs">
        <Radio value="self-signed" label={t('path.self-signed')} description={t('pathHint.self-signed')} />
        <Radio value="csr" label={t('path.csr')} description={t('pathHint.csr')} />
        <Radio value="ca" label={t('path.ca')} description={t('pathHint.ca')} />
      </Stack>
    </Radio.Group>
  );
}
