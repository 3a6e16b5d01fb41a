import type { ComputerSelection } from '@shared/contract/computers';
import { Button, Group, Menu, Modal, NumberInput, Select, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconChevronDown, IconFileExport, IconTag, IconTrash, IconPackage } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RightMenuItem, useRight } from '../../components/right-gate/right-gate';
import { call } from '../../api/client';
import { useJob } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { AssignPackageForm } from '../packages/assign-package-form';
import { JobProgress } from '../../components/job-progress/job-progress';
import { BackupFirst } from '../../components/backup-first/backup-first';
import { AdminValueInput } from './admin-value-input';
import { numberFormat } from '../../i18n/number-format';
import { ExportSelectionForm } from './export-selection-form';
import { useGridPrefs } from './use-grid-prefs';

const TYPE_THE_COUNT_ABOVE = 100;

/** Body of the delete confirmation: states the count; above 100 computers the admin types the number. */
function DeleteConfirm({ count, onConfirm }: { count: number; onConfirm: () => void }) {
  const { t, i18n } = useTranslation(['computers', 'common', 'packages']);
  const [typed, setTyped] = useState<string | number>('');
  const mustType = count > TYPE_THE_COUNT_ABOVE;
  const ok = !mustType || Number(typed) === count;
  const n = numberFormat(i18n.language).format(count);
  return (
    <Stack>
      <Text size="sm">{t('mass.deleteText', { count, n })}</Text>
      <BackupFirst purpose="computers.delete" />
      {mustType ? (
        <NumberInput
          label={t('mass.typeCount', { n })}
          value={typed}
          onChange={setTyped}
          allowDecimal={false}
          data-autofocus
        />
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={() => modals.closeAll()}>
          {t('common:action.cancel')}
        </Button>
        <Button
          color="red.9"
          disabled={!ok}
          onClick={() => {
            modals.closeAll();
            onConfirm();
          }}
        >
          {t('mass.deleteButton', { count, n })}
        </Button>
      </Group>
    </Stack>
  );
}

/** Administrator actions on a selection or a search result: set an admin field (TAG...), delete. */
export function MassActions({
  selection,
  count,
  onDone,
}: {
  selection: ComputerSelection | null;
  count: number;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation(['computers', 'common', 'packages']);
  const qc = useQueryClient();
  const grid = useGridPrefs();
  const setJob = useJob('computers.massSetAdminData');
  const delJob = useJob('computers.delete');
  // Each entry needs its own right (refused ones say why). Export only reads (browse, which every
  // operator holds), so the menu opens for every operator.
  const canExport = useRight('browse');
  const none = !canExport.allowed;
  const [modal, setModal] = useState<'set' | 'delete' | 'assign' | 'export' | null>(null);
  const [field, setField] = useState<string | null>('TAG');
  const [value, setValue] = useState('');
  const [countError, setCountError] = useState<unknown>(null);
  const adminFields = grid.all.flatMap((c) => (c.admin ? [c.admin] : []));
  const current = adminFields.find((f) => f.column === field);
  const n = numberFormat(i18n.language).format(count);

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['computers.list'] });
    void qc.invalidateQueries({ queryKey: ['search.run'] });
    // The virtual grid's total (its own request) changes with the rows.
    void qc.invalidateQueries({ queryKey: ['computers.total'] });
    void qc.invalidateQueries({ queryKey: ['tags.repartition'] });
  };

  const askDelete = async () => {
    if (!selection) return;
    setCountError(null);
    let exact: number;
    try {
      exact = (await call('computers.count', { selection })).count;
    } catch (e) {
      setCountError(e);
      return;
    }
    modals.open({
      closeButtonProps: { 'aria-label': t('common:action.close') },
      title: t('mass.deleteTitle', { count: exact }),
      children: (
        <DeleteConfirm
          count={exact}
          onConfirm={() => {
            delJob.reset();
            setModal('delete');
            void delJob.start({ selection, expectedCount: exact }).then(undefined, () => undefined);
          }}
        />
      ),
    });
  };

  const job = modal === 'delete' ? delJob : setJob;

  return (
    <>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button
            variant="default"
            disabled={!selection || none}
            data-right={none ? 'browse' : undefined}
            data-denied={none || undefined}
            title={none ? (canExport.reason ?? undefined) : undefined}
            rightSection={<IconChevronDown size={14} aria-hidden />}
          >
            {t('mass.actions', { count, n })}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <RightMenuItem
            right="editAdminData"
            leftSection={<IconTag size={16} aria-hidden />}
            onClick={() => {
              setJob.reset();
              setModal('set');
            }}
          >
            {t('mass.setField')}
          </RightMenuItem>
          <RightMenuItem
            right="assignPackages"
            leftSection={<IconPackage size={16} aria-hidden />}
            onClick={() => setModal('assign')}
          >
            {t('packages:assignForm.title')}
          </RightMenuItem>
          <RightMenuItem
            right="deleteComputers"
            color="red"
            leftSection={<IconTrash size={16} aria-hidden />}
            onClick={() => void askDelete()}
          >
            {t('mass.delete')}
          </RightMenuItem>
          <Menu.Divider />
          {/* Not a write (browse, nothing changes in OCS): no data-right, so the rights walk leaves it alone. */}
          <Menu.Item
            leftSection={<IconFileExport size={16} aria-hidden />}
            onClick={() => setModal('export')}
            data-testid="mass-export"
          >
            {t('export.menu')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {countError ? <ErrorAlert error={countError} /> : null}
      <Modal
        closeButtonProps={{ 'aria-label': t('common:action.close') }}
        opened={modal !== null}
        // Mantine reads onClose from the first render for Escape, so this must not depend on state:
        // closing always refreshes the lists and ends the selection.
        onClose={() => {
          refresh();
          onDone();
          setModal(null);
        }}
        title={
          modal === 'delete'
            ? t('mass.deleting')
            : modal === 'assign'
              ? t('packages:assignForm.title')
              : modal === 'export'
                ? t('export.title', { count, n })
                : t('mass.setFieldTitle', { count, n })
        }
      >
        <Stack>
          {modal === 'assign' && selection ? <AssignPackageForm selection={selection} count={count} /> : null}
          {modal === 'export' && selection ? (
            <ExportSelectionForm selection={selection} count={count} />
          ) : null}
          {modal === 'set' && !setJob.job ? (
            <>
              <Select
                label={t('mass.field')}
                data={adminFields.map((f) => ({ value: f.column, label: f.label }))}
                value={field}
                allowDeselect={false}
                onChange={(v) => {
                  setField(v);
                  setValue('');
                }}
              />
              {current ? (
                <AdminValueInput field={current} value={value} onChange={setValue} label={t('mass.value')} />
              ) : null}
              <Group justify="flex-end">
                <Button
                  color="blue.8"
                  disabled={!selection || !field}
                  onClick={() => {
                    if (!selection || !field) return;
                    void setJob
                      .start({ selection, values: { [field]: value === '' ? null : value } })
                      .then(undefined, () => undefined);
                  }}
                >
                  {t('mass.apply', { count, n })}
                </Button>
              </Group>
            </>
          ) : null}
          {modal !== 'assign' && modal !== 'export' ? (
            <JobProgress job={job.job} onCancel={() => void job.cancel()} />
          ) : null}
          {modal !== 'export' ? <ErrorAlert error={job.error} /> : null}
          {job.result && modal !== 'export' ? (
            <Text size="sm" data-testid="mass-result">
              {modal === 'delete'
                ? t('mass.deleted', { count: (job.result as { deleted: number }).deleted })
                : t('mass.updated', { count: (job.result as { computers: number }).computers })}
            </Text>
          ) : null}
        </Stack>
      </Modal>
    </>
  );
}
