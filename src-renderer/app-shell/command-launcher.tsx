import type { OperatorInfo } from '@shared/contract/auth';
import { ActionIcon, Button, Kbd } from '@mantine/core';
import { useHotkeys, useMediaQuery } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';

// The palette (Spotlight, its CSS, its texts) loads on first open: the first screen carries only this.
const CommandPalette = lazy(() => import('../components/command-palette/command-palette'));
const AboutDialog = lazy(() => import('../components/about/about-dialog'));

export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);

/** A request to the palette: each new `n` opens it (`open`) or opens/closes it (`toggle`, the shortcut). */
export interface PaletteSignal {
  n: number;
  mode: 'open' | 'toggle';
}

/**
 * The header's palette button and the Ctrl/Cmd+K shortcut (anywhere, in fields too), plus the About
 * dialog the operator menu and the palette open. Both components are lazy.
 */
export function CommandLauncher({
  operator,
  about,
  onAbout,
}: {
  operator: OperatorInfo;
  about: boolean;
  onAbout: (open: boolean) => void;
}) {
  const { t } = useTranslation('common');
  const [signal, setSignal] = useState<PaletteSignal | null>(null);
  const wide = useMediaQuery('(min-width: 62em)', true);
  const request = (mode: PaletteSignal['mode']) => setSignal((s) => ({ n: (s?.n ?? 0) + 1, mode }));
  useHotkeys([['mod+K', () => request('toggle')]], []);
  const common = {
    'data-testid': 'open-palette',
    'aria-label': t('header.palette'),
    'aria-keyshortcuts': IS_MAC ? 'Meta+K' : 'Control+K',
    onClick: () => request('open'),
  };
  return (
    <>
      {wide ? (
        <Button
          variant="default"
          size="xs"
          leftSection={<IconSearch size={14} aria-hidden />}
          rightSection={<Kbd size="xs">{IS_MAC ? '⌘ K' : 'Ctrl K'}</Kbd>}
          {...common}
        >
          {t('header.palette')}
        </Button>
      ) : (
        <ActionIcon variant="subtle" size="lg" {...common}>
          <IconSearch size={18} aria-hidden />
        </ActionIcon>
      )}
      <Suspense fallback={null}>
        {signal && <CommandPalette signal={signal} operator={operator} onAbout={() => onAbout(true)} />}
        {about && <AboutDialog onClose={() => onAbout(false)} />}
      </Suspense>
    </>
  );
}
