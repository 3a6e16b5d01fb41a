import { ConnectionParams, type ServerInfo } from '@shared/contract/connection';
import { Button, Checkbox, Group, NumberInput, PasswordInput, Stack, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { translateErrors, uiLang } from '@shared/i18n/contract-message';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { useUnsavedChanges } from '../../components/unsaved-guard/unsaved-guard';
import { ServerInfoCard } from './server-info-card';

type FormValues = {
  /** When set, Connect also saves these settings (password encrypted) as a named profile. */
  profileName: string;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  tls: { enabled: boolean; caFile: string; verifyServer: boolean };
};

const LAST_KEY = 'ocs-desk-last-connection';

function initialValues(): FormValues {
  const base: FormValues = {
    profileName: '',
    host: '127.0.0.1',
    port: 3306,
    user: 'ocs',
    password: '',
    database: 'ocsweb',
    tls: { enabled: false, caFile: '', verifyServer: true },
  };
  try {
    // Only non-secret fields are remembered; the password never leaves the form.
    const saved = JSON.parse(localStorage.getItem(LAST_KEY) ?? 'null') as Partial<FormValues> | null;
    return saved ? { ...base, ...saved, password: '' } : base;
  } catch {
    return base;
  }
}

function toParams({ profileName: _name, ...v }: FormValues) {
  return {
    ...v,
    tls: v.tls.enabled
      ? { enabled: true, caFile: v.tls.caFile || undefined, verifyServer: v.tls.verifyServer }
      : undefined,
  };
}

/** Host/port/user/password/database; Test shows the server and schema, Connect opens the session. */
export function ConnectionForm({ onConnected }: { onConnected: (info: ServerInfo) => void }) {
  const { t, i18n } = useTranslation('connection');
  const form = useForm<FormValues>({
    mode: 'controlled',
    initialValues: initialValues(),
    validate: (values) =>
      translateErrors(
        schemaResolver(ConnectionParams, { sync: true })(toParams(values) as never),
        uiLang(i18n.language),
      ),
  });
  useUnsavedChanges(form.isDirty(), t('unsavedWhat'));
  const [busy, setBusy] = useState<'test' | 'open' | null>(null);
  const [result, setResult] = useState<ServerInfo | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (kind: 'test' | 'open') => {
    if (form.validate().hasErrors) return;
    setBusy(kind);
    setError(null);
    setResult(null);
    const { password: _pw, profileName: _name, ...remembered } = form.getValues();
    localStorage.setItem(LAST_KEY, JSON.stringify(remembered));
    try {
      const params = toParams(form.getValues());
      const info =
        kind === 'test' ? await call('connection.test', params) : await call('connection.open', params);
      const name = form.getValues().profileName.trim();
      if (kind === 'open' && name) await call('profiles.save', { name, ...params });
      setResult(info);
      if (kind === 'open') {
        form.resetDirty();
        onConnected(info);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void run('open');
      }}
      noValidate
    >
      <Stack>
        <Group grow align="flex-start">
          <TextInput label={t('field.host')} required autoComplete="off" {...form.getInputProps('host')} />
          <NumberInput
            label={t('field.port')}
            required
            min={1}
            max={65535}
            maw={120}
            {...form.getInputProps('port')}
          />
        </Group>
        <TextInput label={t('field.database')} required {...form.getInputProps('database')} />
        <Group grow align="flex-start">
          <TextInput
            label={t('field.user')}
            required
            autoComplete="username"
            {...form.getInputProps('user')}
          />
          <PasswordInput
            label={t('field.password')}
            autoComplete="current-password"
            {...form.getInputProps('password')}
          />
        </Group>
        <TextInput
          label={t('field.profileName')}
          description={t('field.profileNameHelp')}
          {...form.getInputProps('profileName')}
        />
        <Checkbox label={t('field.tls')} {...form.getInputProps('tls.enabled', { type: 'checkbox' })} />
        {form.getValues().tls.enabled ? (
          <Group grow align="flex-start">
            <TextInput
              label={t('field.caFile')}
              placeholder="/etc/ssl/ocs-db-ca.pem"
              {...form.getInputProps('tls.caFile')}
            />
            <Checkbox
              mt="xl"
              label={t('field.verifyServer')}
              {...form.getInputProps('tls.verifyServer', { type: 'checkbox' })}
            />
          </Group>
        ) : null}
        <Group justify="flex-end">
          <Button
            variant="default"
            loading={busy === 'test'}
            disabled={busy !== null}
            onClick={() => void run('test')}
          >
            {t('action.test')}
          </Button>
          <Button type="submit" loading={busy === 'open'} disabled={busy !== null}>
            {t('action.connect')}
          </Button>
        </Group>
        {result ? <ServerInfoCard info={result} /> : null}
        <ErrorAlert error={error} />
      </Stack>
    </form>
  );
}
