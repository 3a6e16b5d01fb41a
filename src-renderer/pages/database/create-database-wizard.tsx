import type { InitResult } from '@shared/contract/database';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Stack,
  Stepper,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useJob } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { JobProgress } from '../../components/job-progress/job-progress';
import {
  READONLY_DEFAULTS,
  ReadonlyAccountFields,
  readonlyErrors,
  type ReadonlyValues,
} from './readonly-account-fields';

export interface WizardDefaults {
  host?: string;
  port?: number;
  database?: string;
  /** The first-run demo path: the demo fleet option starts checked, the database is named ocsdemo. */
  demo?: boolean;
}

interface Values extends ReadonlyValues {
  host: string;
  port: number;
  adminUser: string;
  adminPassword: string;
  database: string;
  createUser: boolean;
  appUser: string;
  appPassword: string;
  appHosts: string;
  ifExists: 'fail' | 'grant';
  demo: boolean;
  demoComputers: number;
}

/**
 * Creates an OCS database on an empty server: the database, optionally the account the comm server
 * and OCS Desk use, the OCS schema (level 7069 superset) and its default rows, then connects to it.
 * Optionally a read-only account for browse-only operators; alone, on an existing OCS database, only
 * that account is added.
 */
export function CreateDatabaseWizard({
  defaults,
  onDone,
  onCancel,
}: {
  defaults?: WizardDefaults;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('database');
  const [step, setStep] = useState(0);
  const job = useJob('database.init');
  const [connectError, setConnectError] = useState<unknown>(null);
  const form = useForm<Values>({
    initialValues: {
      host: defaults?.host ?? '127.0.0.1',
      port: defaults?.port ?? 3306,
      adminUser: 'root',
      adminPassword: '',
      database: defaults?.database ?? (defaults?.demo ? 'ocsdemo' : 'ocsweb'),
      createUser: true,
      appUser: 'ocs',
      appPassword: '',
      appHosts: 'localhost, 127.0.0.1',
      ifExists: 'fail',
      demo: defaults?.demo ?? false,
      demoComputers: 300,
      ...READONLY_DEFAULTS,
    },
    validate: (v) => {
      const e: Record<string, string> = {};
      if (step === 0) {
        if (!v.host.trim()) e.host = t('required');
        if (!v.adminUser.trim()) e.adminUser = t('required');
      }
      if (step === 1) {
        if (!/^[A-Za-z0-9_$]{1,64}$/.test(v.database)) e.database = t('badName');
        if (v.createUser && !/^[A-Za-z0-9_.$-]{1,80}$/.test(v.appUser)) e.appUser = t('badAccount');
        // A new account gets this password; an existing one keeps its own, which is then used to connect.
        if (v.createUser && v.ifExists === 'fail' && v.appPassword.length < 8)
          e.appPassword = t('shortPassword');
        if (v.createUser && !v.appPassword) e.appPassword = t('required');
        Object.assign(e, readonlyErrors(v, t));
        if (v.demo && !(v.demoComputers >= 10 && v.demoComputers <= 5000)) e.demoComputers = t('demo.range');
      }
      return e;
    },
  });
  const v = form.getValues();
  const result = job.result as InitResult | undefined;

  const next = () => {
    if (!form.validate().hasErrors) setStep((s) => s + 1);
  };
  const run = async () => {
    setStep(2);
    await job
      .start({
        server: { host: v.host, port: v.port, user: v.adminUser, password: v.adminPassword },
        database: v.database,
        appUser: v.createUser
          ? {
              user: v.appUser,
              password: v.appPassword,
              hosts: v.appHosts.split(/[\s,]+/).filter(Boolean),
              ifExists: v.ifExists,
            }
          : undefined,
        readonlyUser: v.createReadonly
          ? { user: v.roUser, password: v.roPassword, hosts: v.roHosts.split(/[\s,]+/).filter(Boolean) }
          : undefined,
        demo: v.demo ? { computers: v.demoComputers } : undefined,
      })
      .catch(() => undefined);
  };
  const connect = async () => {
    setConnectError(null);
    try {
      const useApp = v.createUser;
      await call('connection.open', {
        host: v.host,
        port: v.port,
        database: v.database,
        user: useApp ? v.appUser : v.adminUser,
        password: useApp ? v.appPassword : v.adminPassword,
      });
      onDone();
    } catch (e) {
      setConnectError(e);
    }
  };

  return (
    <Stack>
      <Stepper active={step} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label={t('step.server')}>
          <Stack mt="md">
            <Text size="sm" c="dimmed">
              {t('serverIntro')}
            </Text>
            <Group grow align="flex-start">
              <TextInput label={t('field.host')} required {...form.getInputProps('host')} />
              <NumberInput
                label={t('field.port')}
                required
                min={1}
                max={65535}
                maw={120}
                {...form.getInputProps('port')}
              />
            </Group>
            <Group grow align="flex-start">
              <TextInput label={t('field.adminUser')} required {...form.getInputProps('adminUser')} />
              <PasswordInput label={t('field.adminPassword')} {...form.getInputProps('adminPassword')} />
            </Group>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('step.database')}>
          <Stack mt="md">
            <TextInput
              label={t('field.database')}
              required
              description={t('databaseHelp')}
              {...form.getInputProps('database')}
            />
            <Checkbox
              label={t('field.createUser')}
              {...form.getInputProps('createUser', { type: 'checkbox' })}
            />
            {v.createUser ? (
              <>
                <Group grow align="flex-start">
                  <TextInput label={t('field.appUser')} {...form.getInputProps('appUser')} />
                  <PasswordInput label={t('field.appPassword')} {...form.getInputProps('appPassword')} />
                </Group>
                <TextInput
                  label={t('field.appHosts')}
                  description={t('appHostsHelp')}
                  {...form.getInputProps('appHosts')}
                />
                <div>
                  <Text size="sm" fw={500} mb={4}>
                    {t('field.ifExists')}
                  </Text>
                  <SegmentedControl
                    aria-label={t('field.ifExists')}
                    data={[
                      { value: 'fail', label: t('ifExists.fail') },
                      { value: 'grant', label: t('ifExists.grant') },
                    ]}
                    {...form.getInputProps('ifExists')}
                  />
                </div>
              </>
            ) : null}
            <ReadonlyAccountFields form={form} />
            <Checkbox
              label={t('demo.field')}
              description={t('demo.help')}
              {...form.getInputProps('demo', { type: 'checkbox' })}
            />
            {v.demo ? (
              <NumberInput
                label={t('demo.computers')}
                min={10}
                max={5000}
                step={50}
                maw={200}
                {...form.getInputProps('demoComputers')}
              />
            ) : null}
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('step.create')}>
          <Stack mt="md">
            {result ? null : (
              <JobProgress
                job={job.job}
                label={t('creating', { database: v.database })}
                onCancel={() => void job.cancel()}
              />
            )}
            <ErrorAlert error={job.error} />
            {result ? (
              <Alert
                color="green"
                icon={<IconCircleCheck aria-hidden />}
                title={t('done.title', { database: result.database })}
                data-testid="init-result"
              >
                <List size="sm">
                  <List.Item>
                    {result.schemaCreated
                      ? t('done.tables', {
                          tables: result.tables,
                          rows: result.rows,
                          level: result.guiVersion,
                        })
                      : t('done.schemaKept', { level: result.guiVersion })}
                  </List.Item>
                  {result.user ? (
                    <List.Item>
                      {t('done.user', { user: result.user.user, hosts: result.user.hosts.join(', ') })}
                    </List.Item>
                  ) : null}
                  {result.readonlyUser ? (
                    <List.Item data-testid="init-readonly">
                      {t('done.readonly', {
                        user: result.readonlyUser.user,
                        hosts: result.readonlyUser.hosts.join(', '),
                        tables: result.readonlyUser.writableTables.join(', '),
                      })}
                    </List.Item>
                  ) : null}
                  {result.demo ? (
                    <List.Item data-testid="init-demo">
                      {t('demo.done', { computers: result.demo.computers })}
                    </List.Item>
                  ) : null}
                  {result.schemaCreated ? <List.Item>{t('done.operator')}</List.Item> : null}
                </List>
              </Alert>
            ) : null}
            <ErrorAlert error={connectError} />
          </Stack>
        </Stepper.Step>
      </Stepper>
      <Group justify="space-between">
        <Button variant="subtle" onClick={onCancel} disabled={job.running}>
          {t('back')}
        </Button>
        <Group>
          {step === 1 ? (
            <Button variant="default" onClick={() => setStep(0)}>
              {t('previous')}
            </Button>
          ) : null}
          {step === 0 ? <Button onClick={next}>{t('next')}</Button> : null}
          {step === 1 ? (
            <Button onClick={() => !form.validate().hasErrors && void run()}>{t('create')}</Button>
          ) : null}
          {step === 2 && job.error && !job.running ? (
            <Button variant="default" onClick={() => setStep(1)}>
              {t('previous')}
            </Button>
          ) : null}
          {result ? <Button onClick={() => void connect()}>{t('connect')}</Button> : null}
        </Group>
      </Group>
    </Stack>
  );
}
