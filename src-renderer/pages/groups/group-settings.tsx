import type { GroupDetail } from '@shared/contract/groups';
import { SETTING_BOUNDS, SETTING_NAMES, type SettingName } from '@shared/contract/computers';
import { Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RightButton, RightHint } from '../../components/right-gate/right-gate';
import { settingProblemText } from '../computers/setting-problem';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

/** The settings the issue names first (frequency, IP discovery, download switch) and the prolog period. */
const SHOWN: SettingName[] = ['FREQUENCY', 'PROLOG_FREQ', 'IPDISCOVER', 'DOWNLOAD_SWITCH'];

/** Per-group settings (devices rows on the group id); empty = the global option. */
export function GroupSettings({ g, canEdit }: { g: GroupDetail; canEdit: boolean }) {
  const { t } = useTranslation(['groups', 'computers']);
  const current = (n: SettingName) => g.settings.find((s) => s.name === n)?.ivalue ?? null;
  const [draft, setDraft] = useState<Partial<Record<SettingName, number | null>>>({});
  const save = useAction('groups.setSettings', { invalidates: ['groups.get'] });
  // The bounds of General options (as a computer's own settings): the message shows on the field.
  const problems = Object.fromEntries(
    Object.entries(draft).map(([n, v]) => [
      n,
      v === null || v === undefined
        ? null
        : settingProblemText(t, n as SettingName, { ivalue: v, tvalue: null }),
    ]),
  ) as Partial<Record<SettingName, string | null>>;
  const invalid = Object.values(problems).some(Boolean);
  const other = g.settings.filter(
    (s) => !SHOWN.includes(s.name as SettingName) && (SETTING_NAMES as readonly string[]).includes(s.name),
  );
  return (
    <Stack gap="xs" data-testid="group-settings">
      <Title order={4}>{t('settings.title')}</Title>
      <Text size="sm">{t('settings.intro')}</Text>
      <RightHint right="configure" />
      <Table withTableBorder fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('settings.name')}</Table.Th>
            <Table.Th>{t('settings.value')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {SHOWN.map((n) => (
            <Table.Tr key={n}>
              <Table.Td>{t(`settings.label.${n}`)}</Table.Td>
              <Table.Td>
                {canEdit ? (
                  <NumberInput
                    size="xs"
                    w={160}
                    aria-label={t(`settings.label.${n}`)}
                    placeholder={t('settings.global')}
                    description={
                      SETTING_BOUNDS[n].max >= 2147483647
                        ? t('computers:settings.rangeMin', { min: SETTING_BOUNDS[n].min })
                        : t('computers:settings.range', {
                            min: SETTING_BOUNDS[n].min,
                            max: SETTING_BOUNDS[n].max,
                          })
                    }
                    error={problems[n] ?? null}
                    value={n in draft ? (draft[n] ?? '') : (current(n) ?? '')}
                    onChange={(v) => setDraft({ ...draft, [n]: v === '' ? null : Number(v) })}
                    allowDecimal={false}
                  />
                ) : (
                  (current(n) ?? t('settings.global'))
                )}
              </Table.Td>
            </Table.Tr>
          ))}
          {other.map((s) => (
            <Table.Tr key={s.name}>
              <Table.Td>{s.name}</Table.Td>
              <Table.Td>{s.ivalue}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canEdit ? (
        <Group>
          <RightButton
            right="configure"
            size="xs"
            color="blue.8"
            disabled={!Object.keys(draft).length || invalid}
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                {
                  id: g.id,
                  settings: Object.fromEntries(
                    Object.entries(draft).map(([n, v]) => [
                      n,
                      v === null || v === undefined ? null : { ivalue: v, tvalue: null },
                    ]),
                  ),
                },
                { onSuccess: () => setDraft({}) },
              )
            }
          >
            {t('settings.save')}
          </RightButton>
        </Group>
      ) : null}
      <ErrorAlert error={save.error} />
    </Stack>
  );
}
