import { Button, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { ResultDetails } from './result-details';

/** After a CSR: paste the certificate the PKI returned; it is checked against the key, then written. */
export function ImportPanel(props: { keyFile: string; outputDir: string; baseName: string }) {
  const { t } = useTranslation('certificates');
  const [pem, setPem] = useState('');
  const [chainFile, setChainFile] = useState('');
  const imp = useAction('certificates.importSigned');
  return (
    <Stack gap="sm" data-testid="cert-import">
      <Title order={5}>{t('importTitle')}</Title>
      <Textarea
        label={t('importPem')}
        autosize
        minRows={4}
        value={pem}
        onChange={(e) => setPem(e.currentTarget.value)}
      />
      <TextInput
        label={t('chainFile')}
        value={chainFile}
        onChange={(e) => setChainFile(e.currentTarget.value)}
      />
      <Button
        onClick={() =>
          imp.mutate({
            keyFile: props.keyFile,
            certificatePem: pem,
            chainFile: chainFile || undefined,
            outputDir: props.outputDir,
            baseName: props.baseName,
            overwrite: false,
          })
        }
        loading={imp.isPending}
      >
        {t('importButton')}
      </Button>
      <ErrorAlert error={imp.error} />
      {imp.data ? <ResultDetails result={imp.data} /> : null}
    </Stack>
  );
}
