import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import i18n from '../../i18n';
import { ErrorAlert } from './error-alert';

/** The close button's name, in the operator's language (axe: a button needs a name). */
const closeButtonProps = () => ({ 'aria-label': i18n.t('common:action.close') });

/**
 * A failed action that has no form to show its error in: a red notification with the same
 * ErrorAlert as everywhere (code, hint, correlation id). It stays until closed, so the operator
 * can read it and copy the id.
 */
export function notifyError(error: unknown): void {
  notifications.show({
    closeButtonProps: closeButtonProps(),
    color: 'red',
    autoClose: false,
    message: <ErrorAlert error={error} />,
  });
}

/** A finished action: green, or yellow when it did only part of what was asked (e.g. a capped export). */
export function notifyDone(message: ReactNode, opts: { partial?: boolean } = {}): void {
  notifications.show({
    closeButtonProps: closeButtonProps(),
    color: opts.partial ? 'yellow' : 'green',
    message,
  });
}
