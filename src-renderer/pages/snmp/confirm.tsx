import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import type { TFunction } from 'i18next';

/** Asks before a delete: title, what it does, a red confirm button. */
export function confirmDelete(t: TFunction, title: string, text: string, onConfirm: () => void): void {
  modals.openConfirmModal({
    closeButtonProps: { 'aria-label': t('common:action.close') },
    title,
    children: <Text size="sm">{text}</Text>,
    labels: { confirm: t('common:action.delete'), cancel: t('common:action.cancel') },
    confirmProps: { color: 'red.9', 'data-testid': 'confirm-delete' } as Record<string, string>,
    onConfirm,
  });
}
