import type { Preview } from '@shared/contract/packages';
import { Alert, NumberInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import type { BuildForm } from './build-form';
import { fmtBytes } from './format-bytes';

/** Step 2: the file or folder to pack (or none) and the fragments, with their preview. */
export function BuildStepContent({
  form,
  preview,
  previewError,
}: {
  form: BuildForm;
  preview: Preview | undefined;
  previewError: unknown;
}) {
  const { t } = useTranslation('packages');
  const v = form.getValues();
  const kindError = form.errors.sourceKind;
  return (
    <Stack gap="sm" mt="md">
      <SegmentedControl
        {...form.getInputProps('sourceKind')}
        aria-label={t('src.kind')}
        data={[
          { value: 'folder', label: t('src.folder') },
          { value: 'file', label: t('src.file') },
          { value: 'none', label: t('src.none') },
        ]}
      />
      {kindError ? (
        <Text c="red.8" fz="sm" role="alert" data-testid="source-kind-error">
          {kindError}
        </Text>
      ) : null}
      {v.sourceKind !== 'none' ? (
        <TextInput
          label={v.sourceKind === 'folder' ? t('src.folderPath') : t('src.filePath')}
          description={t(`src.${v.sourceKind}Hint`, { format: v.os === 'WINDOWS' ? 'zip' : 'tar.gz' })}
          {...form.getInputProps('sourcePath')}
          required
        />
      ) : null}
      <SegmentedControl
        {...form.getInputProps('fragMode')}
        aria-label={t('frag.mode')}
        data={[
          { value: 'size', label: t('frag.bySize') },
          { value: 'count', label: t('frag.byCount') },
        ]}
      />
      {v.fragMode === 'size' ? (
        <NumberInput
          label={t('frag.sizeMb')}
          min={0.01}
          decimalScale={2}
          {...form.getInputProps('fragSizeMb')}
        />
      ) : (
        <NumberInput
          label={t('frag.count')}
          min={1}
          allowDecimal={false}
          {...form.getInputProps('fragCount')}
        />
      )}
      <ErrorAlert error={previewError} />
      {preview ? (
        <Alert color="blue" data-testid="fragment-preview">
          {t('frag.preview', {
            count: preview.count,
            size: fmtBytes(preview.fragmentSize),
            last: fmtBytes(preview.lastSize),
            total: fmtBytes(preview.size),
          })}
          {preview.estimated ? (
            <Text fz="xs" c="dimmed">
              {t('frag.estimated')}
            </Text>
          ) : null}
        </Alert>
      ) : null}
    </Stack>
  );
}
