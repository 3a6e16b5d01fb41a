import { Button, Card, FileInput, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileUpload } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { UploadProgress } from '../import/drop-zone';
import { formatBytes, uploadFiles, type FileUploadState } from '../import/upload';

/**
 * Adds or replaces one agent file: uploaded from this browser/window (the import upload path, so it works
 * in the web shell and in Electron) or read from a path on the machine running OCS Desk.
 */
export function AddAgentFile({ maxFileBytes, existing }: { maxFileBytes: number; existing: string[] }) {
  const { t, i18n } = useTranslation('agentfiles');
  const add = useAction('agentfiles.add', { invalidates: ['agentfiles.list'] });
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [localPath, setLocalPath] = useState('');
  const [progress, setProgress] = useState<FileUploadState[]>([]);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);

  const tooBig = !!file && maxFileBytes > 0 && file.size > maxFileBytes;
  const target = (name.trim() || file?.name || '').toLowerCase();
  const replaces = !!target && existing.some((e) => e.toLowerCase() === target);
  const busy = uploading || add.isPending;

  const done = (r: { name: string; size: number; replaced: boolean }) => {
    notifications.show({
      color: 'green',
      title: r.replaced ? t('add.replaced', { name: r.name }) : t('add.added', { name: r.name }),
      message: (
        <Text size="sm" c="var(--mantine-color-text)">
          {formatBytes(r.size, i18n.language)}
        </Text>
      ),
      closeButtonProps: { 'aria-label': t('common:action.close') },
    });
    setFile(null);
    setName('');
    setLocalPath('');
    setProgress([]);
  };

  const sendUpload = async () => {
    if (!file || tooBig) return;
    setUploadError(null);
    add.reset();
    setUploading(true);
    setProgress([{ name: file.name, size: file.size, sent: 0 }]);
    const ctl = new AbortController();
    abort.current = ctl;
    try {
      const uploadId = await uploadFiles(
        [file],
        (_i, sent) => setProgress([{ name: file.name, size: file.size, sent }]),
        ctl.signal,
      );
      setUploading(false);
      add.mutate({ uploadId, ...(name.trim() ? { name: name.trim() } : {}) }, { onSuccess: done });
    } catch (e) {
      if (!ctl.signal.aborted) setUploadError(e);
      setProgress([]);
    } finally {
      setUploading(false);
      abort.current = null;
    }
  };

  const fromPath = () => {
    setUploadError(null);
    add.mutate(
      { path: localPath.trim(), ...(name.trim() ? { name: name.trim() } : {}) },
      { onSuccess: done },
    );
  };

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('add.title')}
        </Title>
        <Group align="end" wrap="wrap">
          <FileInput
            label={t('add.file')}
            value={file}
            onChange={(f) => {
              setFile(f);
              add.reset();
            }}
            clearable
            w={320}
            disabled={busy}
            data-testid="agentfile-input"
            leftSection={<IconFileUpload size={16} aria-hidden />}
          />
          <TextInput
            label={t('add.name')}
            description={t('add.nameHelp')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={255}
            w={260}
            disabled={busy}
          />
          <Button
            onClick={() => void sendUpload()}
            disabled={!file || tooBig}
            loading={busy}
            data-testid="agentfile-upload"
          >
            {replaces ? t('add.replace') : t('add.upload')}
          </Button>
        </Group>
        {file ? (
          <Text
            size="sm"
            c={tooBig ? 'red.9' : 'dimmed'}
            role={tooBig ? 'alert' : undefined}
            data-testid="agentfile-selected"
          >
            {tooBig
              ? t('add.tooBig', {
                  size: formatBytes(file.size, i18n.language),
                  max: formatBytes(maxFileBytes, i18n.language),
                })
              : t('add.selected', { name: file.name, size: formatBytes(file.size, i18n.language) })}
          </Text>
        ) : null}
        <UploadProgress files={uploading ? progress : []} onCancel={() => abort.current?.abort()} />
        <Group align="end" wrap="wrap">
          <TextInput
            label={t('add.path')}
            description={t('add.pathHelp')}
            value={localPath}
            onChange={(e) => setLocalPath(e.currentTarget.value)}
            w={480}
            disabled={busy}
          />
          <Button
            variant="light"
            onClick={fromPath}
            disabled={!localPath.trim()}
            loading={add.isPending && !file}
          >
            {t('add.fromPath')}
          </Button>
        </Group>
        <ErrorAlert error={uploadError ?? add.error} />
      </Stack>
    </Card>
  );
}
