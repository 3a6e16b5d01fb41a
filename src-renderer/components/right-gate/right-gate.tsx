import type { Right } from '@shared/contract/route';
import { PROFILE_RIGHTS, SHIPPED_PROFILES } from '@shared/contract/rights';
import { Alert, Button, Menu, Tooltip, type ButtonProps, type MenuItemProps } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { forwardRef, useId, type ComponentPropsWithoutRef, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app-shell/use-session';

/** The shipped profiles that hold a right (what to ask an administrator for). */
export function profilesWith(right: Right): string[] {
  return SHIPPED_PROFILES.filter((p) => PROFILE_RIGHTS[p].includes(right));
}

export interface RightState {
  /** The operator holds the right and the DB account's grants allow it. */
  allowed: boolean;
  /** Why not, in the operator's words (null when allowed or while the session loads). */
  reason: string | null;
}

/**
 * Whether the logged-in operator may do what needs `right`, and why not: the profile lacks the right, or the
 * profile has it but the DB account's grants refuse it (`auth.me`'s `refusedByDb`). Comfort only: the main
 * process checks every call.
 */
export function useRight(right: Right): RightState {
  const { t } = useTranslation(['common', 'operators']);
  const { operator, connection } = useSession();
  if (!operator) return { allowed: false, reason: null };
  if (operator.rights.includes(right)) return { allowed: true, reason: null };
  const name = t(`operators:right.${right}`);
  if (operator.refusedByDb.includes(right)) {
    return {
      allowed: false,
      reason: t('common:rights.dbRefused', { right: name, account: connection?.user ?? '' }),
    };
  }
  return {
    allowed: false,
    reason: t('common:rights.needs', {
      right: name,
      profiles: profilesWith(right).join(', '),
      profile: operator.profile ?? '',
    }),
  };
}

type RightButtonProps = ButtonProps &
  Omit<ComponentPropsWithoutRef<'button'>, keyof ButtonProps> & {
    /** The right the action's route needs (shared/contract/<cap>.ts). */
    right: Right;
  };

/**
 * A button for an action that needs a right. Without the right it stays in place, disabled (aria-disabled,
 * still focusable so the tooltip reaches keyboard users), with a tooltip and a description saying which
 * right (and which profiles) it needs, or that the DB account may not write. `data-right` marks every write
 * control, so the rights e2e walk finds them all.
 */
export const RightButton = forwardRef<HTMLButtonElement, RightButtonProps>(function RightButton(
  { right, onClick, disabled, children, ...rest },
  ref,
) {
  const { allowed, reason } = useRight(right);
  const id = useId();
  if (allowed) {
    return (
      <Button ref={ref} data-right={right} onClick={onClick} disabled={disabled} {...rest}>
        {children}
      </Button>
    );
  }
  const block = (e: MouseEvent<HTMLButtonElement>) => e.preventDefault();
  return (
    <Tooltip label={reason ?? ''} multiline maw={320} withArrow disabled={!reason}>
      <Button
        ref={ref}
        {...rest}
        data-right={right}
        data-denied
        data-disabled
        aria-disabled
        aria-describedby={reason ? id : undefined}
        onClick={block}
        leftSection={rest.leftSection ?? <IconLock size={14} aria-hidden />}
      >
        {children}
        {reason ? (
          <span id={id} hidden>
            {reason}
          </span>
        ) : null}
      </Button>
    </Tooltip>
  );
});

/**
 * A note at the top of a section whose changes need a right the operator lacks: the section still shows what
 * is there, read only, and says why nothing can be changed. Renders nothing when the right is held.
 */
export function RightHint({ right, children }: { right: Right; children?: ReactNode }) {
  const { t } = useTranslation('common');
  const { allowed, reason } = useRight(right);
  if (allowed || !reason) return null;
  return (
    <Alert
      variant="light"
      color="gray"
      icon={<IconLock aria-hidden />}
      title={t('rights.readOnly')}
      data-testid="right-hint"
      data-right={right}
      data-denied
      styles={{
        title: { color: 'var(--mantine-color-text)' },
        message: { color: 'var(--mantine-color-text)' },
      }}
    >
      {children ? <div>{children}</div> : null}
      {reason}
    </Alert>
  );
}

/** Renders its children only with the right (for controls that make no sense read only, e.g. row editors). */
export function IfRight({ right, children }: { right: Right; children: ReactNode }) {
  return useRight(right).allowed ? <>{children}</> : null;
}

type RightMenuItemProps = MenuItemProps &
  Omit<ComponentPropsWithoutRef<'button'>, keyof MenuItemProps> & { right: Right };

/** A menu entry for an action that needs a right: without it, disabled with the reason as a tooltip. */
export function RightMenuItem({ right, onClick, children, ...rest }: RightMenuItemProps) {
  const { allowed, reason } = useRight(right);
  if (allowed) {
    return (
      <Menu.Item data-right={right} onClick={onClick} {...rest}>
        {children}
      </Menu.Item>
    );
  }
  return (
    <Tooltip label={reason ?? ''} multiline maw={320} withArrow position="left" disabled={!reason}>
      <Menu.Item
        {...rest}
        data-right={right}
        data-denied
        data-disabled
        aria-disabled
        closeMenuOnClick={false}
        onClick={(e: MouseEvent<HTMLButtonElement>) => e.preventDefault()}
        leftSection={<IconLock size={16} aria-hidden />}
      >
        {children}
      </Menu.Item>
    </Tooltip>
  );
}
