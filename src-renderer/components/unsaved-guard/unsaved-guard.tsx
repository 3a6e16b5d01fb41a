import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useId, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';

/**
 * Forms with edits, by form instance: what each one edits (for the message). A router allows one blocker,
 * so forms register here and one guard in the layout asks before the page changes.
 */
const dirtyForms = new Map<string, string>();
const listeners = new Set<() => void>();
let snapshot: readonly string[] = [];

function changed(): void {
  snapshot = [...new Set(dirtyForms.values())];
  // Closing or reloading the window gets the browser's own prompt, the only one it allows there.
  if (dirtyForms.size) window.addEventListener('beforeunload', preventUnload);
  else window.removeEventListener('beforeunload', preventUnload);
  for (const l of listeners) l();
}

function preventUnload(e: BeforeUnloadEvent): void {
  e.preventDefault();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Declares that this form holds edits the operator has not saved (`what`: the thing edited, in words). */
export function useUnsavedChanges(dirty: boolean, what = ''): void {
  const id = useId();
  useEffect(() => {
    if (!dirty) return;
    dirtyForms.set(id, what);
    changed();
    return () => {
      dirtyForms.delete(id);
      changed();
    };
  }, [id, dirty, what]);
}

/**
 * The one in-app question before leaving a page with unsaved edits ("Stay" is the default button). Mounted
 * once inside the router; only a change of page is blocked, never a tab or filter in the address.
 */
export function UnsavedChangesGuard() {
  const { t } = useTranslation('common');
  const dirty = useSyncExternalStore(subscribe, () => snapshot);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty.length > 0 && currentLocation.pathname !== nextLocation.pathname,
  );
  const what = dirty.filter(Boolean).join(', ');
  return (
    <Modal
      opened={blocker.state === 'blocked'}
      onClose={() => blocker.reset?.()}
      title={t('unsaved.title')}
      closeButtonProps={{ 'aria-label': t('action.close') }}
    >
      <Stack data-testid="unsaved-dialog">
        <Text size="sm">{what ? t('unsaved.messageWhat', { what }) : t('unsaved.message')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
            {t('unsaved.stay')}
          </Button>
          <Button
            color="red.8"
            onClick={() => {
              // The page that held the edits unmounts and unregisters them; until then, do not block twice.
              dirtyForms.clear();
              changed();
              blocker.proceed?.();
            }}
          >
            {t('unsaved.leave')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
