import type { ComputerSelection } from '@shared/contract/computers';
import type { AssignResult } from '@shared/contract/packages';
import { Alert, Button, Checkbox, Group, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useRoute } from '../../api/hooks';
import { DownloadOffWarning } from '../../components/option-alert/option-alert';
import { ErrorAlert } from '../../components/error-alert/error-alert';

/**
 * Assigns an activated package to a selection of computers (explicit ids, or every computer matching a
 * search): used by the computers screens' mass actions and by a computer's detail.
 */
export function AssignPackageForm({
  selection,
  count,
  onAssigned,
}: {
  selection: ComputerSelection;
  /** How many computers the selection holds (for the button text). */
  count: number;
  onAssigned?: (r: AssignResult) => void;
}) {
  const { t } = useTranslation('packages');
  const list = useRoute('packages.list', { includeDeleted: false });
  const [fileId, setFileId] = useState<string | null>(null);
  const activations = useRoute('packages.activations', { fileId: fileId ?? '0' }, { enabled: !!fileId });
  const [enableChoice, setEnableId] = useState<string | null>(null);
  const [force, setForce] = useState(false);
  const [reset, setReset] = useState(false);
  const assign = useAction('packages.assignSelection', {
    invalidates: ['computers.detail', 'packages.list', 'packages.stats', 'packages.forComputer'],
  });
  const active = (list.data ?? []).filter((p) => p.activations > 0);
  const acts = activations.data ?? [];
  // One activation (the usual case) is chosen for the admin; several need a choice.
  const enableId = enableChoice ?? (acts.length === 1 ? String(acts[0]!.enableId) : null);
  const r = assign.data;

  return (
    <Stack gap="sm" data-testid="assign-package">
      <DownloadOffWarning />
      <ErrorAlert error={list.error ?? activations.error} />
      {list.data && active.length === 0 ? <Text size="sm">{t('assignForm.noneActive')}</Text> : null}
      <Select
        label={t('assignForm.package')}
        searchable
        data={active.map((p) => ({ value: p.fileId, label: `${p.name} (${p.os}, ${p.fileId})` }))}
        value={fileId}
        onChange={(v) => {
          setFileId(v);
          setEnableId(null);
          assign.reset();
        }}
      />
      {fileId && acts.length > 1 ? (
        <Select
          label={t('assignForm.activation')}
          data={acts.map((a) => ({ value: String(a.enableId), label: `${a.infoLoc} → ${a.packLoc}` }))}
          value={enableId}
          onChange={setEnableId}
        />
      ) : null}
      <Group>
        <Checkbox
          label={t('assignForm.force')}
          checked={force}
          onChange={(e) => setForce(e.currentTarget.checked)}
        />
        <Checkbox
          label={t('assignForm.reset')}
          checked={reset}
          onChange={(e) => setReset(e.currentTarget.checked)}
        />
      </Group>
      <Group justify="flex-end">
        <Button
          disabled={!enableId}
          loading={assign.isPending}
          onClick={() =>
            enableId &&
            assign.mutate(
              { enableId: Number(enableId), selection, force, reset },
              { onSuccess: (res) => onAssigned?.(res) },
            )
          }
        >
          {t('assignForm.assign', { count })}
        </Button>
      </Group>
      <ErrorAlert error={assign.error} />
      {r ? (
        <Alert color="green" data-testid="assign-result">
          {t('assignForm.done', { assigned: r.assigned, already: r.alreadyAssigned })}
        </Alert>
      ) : null}
    </Stack>
  );
}
