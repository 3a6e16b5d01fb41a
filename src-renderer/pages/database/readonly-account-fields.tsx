import { Alert, Checkbox, Group, List, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** The read-only account part of the wizard's values. */
export interface ReadonlyValues {
  createReadonly: boolean;
  roUser: string;
  roPassword: string;
  roHosts: string;
}

export const READONLY_DEFAULTS: ReadonlyValues = {
  createReadonly: false,
  roUser: 'ocs_ro',
  roPassword: '',
  roHosts: 'localhost, 127.0.0.1',
};

/** Errors of the read-only account fields (same rules as the contract's AppUser; another name than the app account). */
export function readonlyErrors(
  v: ReadonlyValues & { createUser: boolean; appUser: string },
  t: (key: string) => string,
): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.createReadonly) return e;
  if (!/^[A-Za-z0-9_.$-]{1,80}$/.test(v.roUser)) e.roUser = t('badAccount');
  else if (v.createUser && v.roUser === v.appUser) e.roUser = t('readonly.sameAccount');
  if (!v.roPassword) e.roPassword = t('required');
  else if (v.roPassword.length < 8) e.roPassword = t('shortPassword');
  if (!v.roHosts.split(/[\s,]+/).filter(Boolean).length) e.roHosts = t('required');
  return e;
}

/**
 * Optional read-only DB account for browse-only operators (`db init --readonly-user`), with what it grants
 * in plain words: the database then refuses their writes even from another MySQL client.
 */
export function ReadonlyAccountFields<V extends ReadonlyValues>({ form }: { form: UseFormReturnType<V> }) {
  const { t } = useTranslation('database');
  const on = form.getValues().createReadonly;
  return (
    <Stack gap="xs" data-testid="readonly-account">
      <Checkbox
        label={t('field.createReadonly')}
        description={t('readonly.why')}
        {...form.getInputProps('createReadonly', { type: 'checkbox' })}
      />
      {on ? (
        <>
          <Alert
            variant="light"
            color="blue"
            icon={<IconLock aria-hidden />}
            title={t('readonly.grantsTitle')}
          >
            <List size="sm" spacing={2}>
              <List.Item>{t('readonly.grantSelect')}</List.Item>
              <List.Item>{t('readonly.grantOwn')}</List.Item>
              <List.Item>{t('readonly.grantNothingElse')}</List.Item>
              <List.Item>{t('readonly.grantExisting')}</List.Item>
            </List>
            <Text size="sm" mt="xs">
              {t('readonly.alone')}
            </Text>
          </Alert>
          <Group grow align="flex-start">
            <TextInput label={t('field.roUser')} {...form.getInputProps('roUser')} />
            <PasswordInput label={t('field.roPassword')} {...form.getInputProps('roPassword')} />
          </Group>
          <TextInput
            label={t('field.roHosts')}
            description={t('readonly.hostsHelp')}
            {...form.getInputProps('roHosts')}
          />
        </>
      ) : null}
    </Stack>
  );
}
