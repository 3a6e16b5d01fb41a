import type { ComputerSelection } from '@shared/contract/computers';
import { ZIP_MAX_COMPUTERS, type ExportFormat, type ExportSummary } from '@shared/contract/export';
import { Button, Checkbox, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useJob } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { JobProgress } from '../../components/job-progress/job-progress';
import { numberFormat } from '../../i18n/number-format';

const FORMATS: ExportFormat[] = ['ocs', 'xml', 'json', 'jsonl'];

/**
 * Exports a selection or a search result (export.run job) to a folder, a zip or a JSON Lines file on the
 * machine that runs OCS Desk; progress and cancel like every job.
 */
export function ExportSelectionForm({ selection, count }: { selection: ComputerSelection; count: number }) {
  const { t, i18n } = useTranslation(['computers', 'common']);
  const job = useJob('export.run');
  const [format, setFormat] = useState<ExportFormat>('ocs');
  const [packaging, setPackaging] = useState<'folder' | 'zip'>('folder');
  const [target, setTarget] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const n = numberFormat(i18n.language).format(count);
  const single = format === 'jsonl';
  const tooManyForZip = !single && packaging === 'zip' && count > ZIP_MAX_COMPUTERS;
  const result: ExportSummary | undefined = job.result;
  const pathLabel = single || packaging === 'zip' ? t('export.file') : t('export.folder');

  return (
    <Stack>
      {!job.job ? (
        <>
          <Select
            label={t('export.formatLabel')}
            data={FORMATS.map((f) => ({ value: f, label: t(`export.format.${f}`) }))}
            value={format}
            allowDeselect={false}
            onChange={(v) => v && setFormat(v as ExportFormat)}
          />
          {!single ? (
            <Stack gap={4}>
              <Text size="sm" fw={500} id="export-packaging-label">
                {t('export.packaging')}
              </Text>
              <SegmentedControl
                aria-labelledby="export-packaging-label"
                value={packaging}
                onChange={(v) => setPackaging(v as 'folder' | 'zip')}
                data={[
                  { value: 'folder', label: t('export.toFolder') },
                  { value: 'zip', label: t('export.toZip') },
                ]}
              />
            </Stack>
          ) : null}
          <TextInput
            label={pathLabel}
            description={t('export.pathHint')}
            placeholder={
              single
                ? '/home/me/computers.jsonl'
                : packaging === 'zip'
                  ? '/home/me/computers.zip'
                  : '/home/me/inventories'
            }
            value={target}
            onChange={(e) => setTarget(e.currentTarget.value)}
            data-testid="export-path"
          />
          <Checkbox
            label={t('export.overwrite')}
            checked={overwrite}
            onChange={(e) => setOverwrite(e.currentTarget.checked)}
          />
          {tooManyForZip ? (
            <Text size="sm" c="red.9">
              {t('export.zipTooMany', { max: ZIP_MAX_COMPUTERS })}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button
              color="blue.8"
              disabled={!target.trim() || tooManyForZip}
              onClick={() =>
                void job
                  .start({ selection, format, packaging, path: target.trim(), overwrite })
                  .then(undefined, () => undefined)
              }
            >
              {t('export.start', { count, n })}
            </Button>
          </Group>
        </>
      ) : null}
      <JobProgress job={job.job} onCancel={() => void job.cancel()} />
      <ErrorAlert error={job.error} />
      {result ? (
        <Stack gap={2} data-testid="export-result">
          <Text size="sm">{t('export.done', { count: result.computers, path: result.path })}</Text>
          {result.skipped.length ? (
            <Text size="sm">{t('export.skipped', { names: result.skipped.join(', ') })}</Text>
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  );
}
