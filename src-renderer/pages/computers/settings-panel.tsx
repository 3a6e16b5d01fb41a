import { SETTING_BOUNDS, type ComputerSetting, type SettingValue } from '@shared/contract/computers';
import { Badge, Group, NumberInput, Stack, Table, Text } from '@mantine/core';
import { IconAlertCircle, IconWorld } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { settingProblemText } from './setting-problem';
import { RightButton, RightHint } from '../../components/right-gate/right-gate';
import { ScrollRegion } from './section-table';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { useUnsavedChanges } from '../../components/unsaved-guard/unsaved-guard';

function show(v: SettingValue | null): string {
  if (!v) return '';
  return [v.ivalue, v.tvalue].filter((x) => x !== null && x !== '').join(' / ');
}

function SettingRow({ id, s, canEdit }: { id: number; s: ComputerSetting; canEdit: boolean }) {
  const { t } = useTranslation(['computers', 'common']);
  const save = useAction('computers.setSettings', { invalidates: ['computers.detail'] });
  const [draft, setDraft] = useState<string | number>(s.value?.ivalue ?? s.global?.ivalue ?? '');
  const [touched, setTouched] = useState(false);
  const initial = s.value?.ivalue ?? s.global?.ivalue ?? '';
  useUnsavedChanges(canEdit && touched && draft !== initial, t('detail.tab.settings'));
  const bounds = SETTING_BOUNDS[s.name];
  const next: SettingValue | null =
    typeof draft === 'number' ? { ivalue: draft, tvalue: s.value?.tvalue ?? null } : null;
  // The bounds General options uses (shared/contract): the message shows on the field, before any call.
  const problem = draft === '' ? t('settings.required') : settingProblemText(t, s.name, next);
  const apply = (value: SettingValue | null) =>
    save.mutate({ selection: { kind: 'ids', ids: [id] }, settings: { [s.name]: value } });
  return (
    <Table.Tr data-setting={s.name} data-differs={s.differs || undefined}>
      <Table.Th scope="row">
        <Text size="sm" fw={500}>
          {t(`settings.name.${s.name}`)}
        </Text>
        <Text size="xs">{s.name}</Text>
      </Table.Th>
      <Table.Td>
        {s.value ? (
          show(s.value)
        ) : (
          <Text size="sm" span>
            {t('settings.followsGlobal')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {s.global ? (
          show(s.global)
        ) : (
          <Text size="sm" span>
            {t('settings.serverDefault')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {s.differs ? (
          <Badge color="red.9" variant="filled" leftSection={<IconAlertCircle size={14} aria-hidden />}>
            {t('settings.differs')}
          </Badge>
        ) : s.value ? (
          <Badge color="gray.7" variant="filled">
            {t('settings.sameAsGlobal')}
          </Badge>
        ) : (
          <Badge color="gray.7" variant="outline" leftSection={<IconWorld size={14} aria-hidden />}>
            {t('settings.global')}
          </Badge>
        )}
      </Table.Td>
      {canEdit ? (
        <Table.Td className="no-print">
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <NumberInput
              size="xs"
              w={150}
              aria-label={t('settings.newValue', { name: s.name })}
              description={
                bounds.max >= 2147483647
                  ? t('settings.rangeMin', { min: bounds.min })
                  : t('settings.range', { min: bounds.min, max: bounds.max })
              }
              value={draft}
              onChange={(v) => {
                setTouched(true);
                setDraft(v);
              }}
              allowDecimal={false}
              error={touched ? problem : null}
            />
            <RightButton
              right="configure"
              size="xs"
              variant="light"
              loading={save.isPending}
              disabled={!!problem}
              onClick={() => next && apply(next)}
            >
              {t('common:action.save')}
            </RightButton>
            {s.value ? (
              <RightButton
                right="configure"
                size="xs"
                variant="subtle"
                onClick={() => apply(null)}
                loading={save.isPending}
              >
                {t('settings.useGlobal')}
              </RightButton>
            ) : null}
          </Group>
          {save.error ? <ErrorAlert error={save.error} /> : null}
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

/** Per-computer options (devices rows) next to the global ones; a red marker where they differ. */
export function SettingsPanel({
  id,
  settings,
  canEdit,
}: {
  id: number;
  settings: ComputerSetting[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('computers');
  return (
    <Stack>
      <RightHint right="configure" />
      <ScrollRegion label={t('detail.tab.settings')}>
        <Table withTableBorder fz="sm" aria-label={t('detail.tab.settings')} data-testid="settings-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.option')}</Table.Th>
              <Table.Th>{t('settings.computerValue')}</Table.Th>
              <Table.Th>{t('settings.globalValue')}</Table.Th>
              <Table.Th>{t('settings.state')}</Table.Th>
              {canEdit ? <Table.Th className="no-print">{t('settings.change')}</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {settings.map((s) => (
              <SettingRow key={`${s.name}:${JSON.stringify(s.value)}`} id={id} s={s} canEdit={canEdit} />
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
    </Stack>
  );
}
