import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './import.module.css';
import { formatBytes, type FileUploadState } from './upload';

/**
 * A plain drop target (no extra package): files dropped here, or chosen with the file picker it opens on
 * click / Enter / Space, go to `onFiles`. Folders dropped in a browser arrive as unreadable entries, so
 * only files are taken.
 */
export function DropZone({ disabled, onFiles }: { disabled: boolean; onFiles: (files: File[]) => void }) {
  const { t } = useTranslation('import');
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const take = (list: FileList | null | undefined) => {
    const files = [...(list ?? [])];
    if (!disabled && files.length) onFiles(files);
  };
  const onDrag = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
    setOver(!disabled);
  };
  const open = () => {
    if (!disabled) input.current?.click();
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open();
    }
  };
  return (
    <div
      className={classes.zone}
      role="button"
      tabIndex={disabled ? -1 : 0}
      aria-disabled={disabled}
      data-over={over}
      data-disabled={disabled}
      data-testid="import-dropzone"
      onDragEnter={onDrag}
      onDragOver={onDrag}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer?.files);
      }}
      onClick={open}
      onKeyDown={onKey}
    >
      <Group justify="center" gap="sm">
        <IconFileUpload size={28} aria-hidden />
        <Text fw={500}>{t('drop.zone')}</Text>
      </Group>
      <Text size="sm" c="dimmed" mt={4}>
        {t('drop.hint')}
      </Text>
      <input
        ref={input}
        type="file"
        multiple
        accept=".ocs,.xml"
        hidden
        tabIndex={-1}
        onChange={(e) => {
          take(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
    </div>
  );
}

/** Per-file upload progress (bytes sent of each dropped file) with a Cancel for the whole upload. */
export function UploadProgress({ files, onCancel }: { files: FileUploadState[]; onCancel?: () => void }) {
  const { t, i18n } = useTranslation('import');
  if (!files.length) return null;
  const current = files.find((f) => f.sent < f.size) ?? null;
  return (
    <Stack gap={6} aria-label={t('drop.uploadList')} role="group" data-testid="upload-progress">
      {files.slice(0, 50).map((f, i) => {
        const pct = f.size ? Math.round((f.sent / f.size) * 100) : 100;
        const label = t('drop.fileProgress', {
          name: f.name,
          sent: formatBytes(f.sent, i18n.language),
          size: formatBytes(f.size, i18n.language),
        });
        return (
          <Stack key={`${i}-${f.name}`} gap={2}>
            <Text size="xs" truncate="end">
              {label}
            </Text>
            <Progress value={pct} size="sm" aria-label={label} />
          </Stack>
        );
      })}
      {files.length > 50 ? (
        <Text size="xs" c="dimmed">
          … {files.length - 50}
        </Text>
      ) : null}
      {current && onCancel ? (
        <Button size="compact-sm" variant="light" color="red.9" w="fit-content" onClick={onCancel}>
          {t('drop.cancelUpload')}
        </Button>
      ) : null}
    </Stack>
  );
}
