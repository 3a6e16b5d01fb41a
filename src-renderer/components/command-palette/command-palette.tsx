import '@mantine/spotlight/styles.css';
import type { OperatorInfo } from '@shared/contract/auth';
import type { Right } from '@shared/contract/route';
import {
  Group,
  Kbd,
  Loader,
  Stack,
  Text,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { createSpotlight, Spotlight, useSpotlight } from '@mantine/spotlight';
import {
  IconDeviceDesktop,
  IconFileImport,
  IconFileText,
  IconInfoCircle,
  IconLanguage,
  IconListSearch,
  IconMoon,
  IconPackage,
  IconStethoscope,
  IconSun,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';
import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { call } from '../../api/client';
import { useRoute } from '../../api/hooks';
import { IS_MAC, type PaletteSignal } from '../../app-shell/command-launcher';
import { visibleEntries } from '../../app-shell/nav';
import { setLanguage } from '../../i18n';
import { DESKTOP_NS } from '../../i18n/lazy/desktop';

const [store, palette] = createSpotlight();
/** A CSS-safe id (Spotlight finds its list with `#id`; React's ids hold characters a selector refuses). */
const listId = 'command-palette-list';
/** The listbox inside the scrolling list (the "no result" text stays outside it) and its options' ids. */
const boxId = `${listId}-box`;
const optionId = (n: number) => `${listId}-option-${n}`;

interface Item {
  id: string;
  label: string;
  description?: string;
  icon: Icon;
  /** The right the action needs: marks it `data-right` (a write control), as the rights walk expects. */
  right?: Right;
  run: () => void;
}

/** Lower case without accents: "parametres" finds "Paramètres". */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/**
 * The command palette (Mantine Spotlight): screens the operator may open, computers by name, IP or MAC
 * (search.quick, in the operator's perimeter), saved searches and the actions its rights allow, with
 * the keyboard shortcuts in the footer. Loaded on first open by the header's CommandLauncher.
 */
export default function CommandPalette({
  signal,
  operator,
  onAbout,
}: {
  signal: PaletteSignal;
  operator: OperatorInfo;
  onAbout: () => void;
}) {
  const { t, i18n } = useTranslation([DESKTOP_NS, 'nav', 'groups', 'ipdiscover', 'snmp', 'common']);
  const navigate = useNavigate();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const { opened } = useSpotlight(store);
  // The options' ids, selection and ARIA state are kept in the DOM by watchOptions, not through React
  // state: Spotlight moves `data-selected` without notifying its store's subscribers, and the computers
  // arrive in a component of their own (an answer re-renders those rows, not the palette).
  const [query, setQuery] = useState('');
  // The text search.quick is asked for. The goal is a computer shown within 200 ms of the last
  // keystroke: when no answer is awaited the keystroke asks at once (a fixed debounce was 60 ms of pure
  // wait); while one is, the text waits 60 ms of quiet, so fast typing sends one request, not one a key.
  const [text, setText] = useState('');
  const queryClient = useQueryClient();
  const pending = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(pending.current), []);
  const onQueryChange = (next: string) => {
    setQuery(next);
    window.clearTimeout(pending.current);
    const trimmed = next.trim();
    if (queryClient.isFetching({ queryKey: ['search.quick'] }) === 0) setText(trimmed);
    else pending.current = window.setTimeout(() => setText(trimmed), 60);
  };

  useEffect(() => {
    if (signal.mode === 'toggle') palette.toggle();
    else palette.open();
  }, [signal]);

  const saved = useRoute('search.savedList', {}, { enabled: opened, staleTime: 30_000 });

  const rights = operator.rights;
  const q = fold(query.trim());
  const matches = (label: string) => !q || fold(label).includes(q);

  const screens: Item[] = visibleEntries(rights)
    .filter((e) => e.group !== null)
    .map((e) => ({ id: `screen:${e.path}`, label: t(e.labelKey), icon: e.icon, run: () => navigate(e.path) }))
    .filter((i) => matches(i.label));

  const savedItems: Item[] = (saved.data ?? [])
    .map((s) => ({
      id: `saved:${s.id}`,
      label: s.name,
      description: s.owner !== operator.login ? t('palette.savedShared', { owner: s.owner }) : undefined,
      icon: IconListSearch,
      run: () => navigate(`/search?saved=${s.id}`),
    }))
    .filter((i) => matches(i.label));

  const fr = i18n.language.startsWith('fr');
  const actions: Item[] = (
    [
      {
        id: 'action:import',
        label: t('palette.action.import'),
        icon: IconFileImport,
        right: 'importInventory',
        run: () => navigate('/import'),
      },
      {
        id: 'action:new-package',
        label: t('palette.action.newPackage'),
        icon: IconPackage,
        right: 'buildPackages',
        run: () => navigate('/packages?new=1'),
      },
      {
        id: 'action:new-group',
        label: t('palette.action.newGroup'),
        icon: IconUsersGroup,
        right: 'manageGroups',
        run: () => navigate('/groups?mode=static'),
      },
      {
        id: 'action:new-search',
        label: t('palette.action.newSearch'),
        icon: IconListSearch,
        run: () => navigate('/search'),
      },
      {
        id: 'action:diagnostics',
        label: t('palette.action.diagnostics'),
        icon: IconStethoscope,
        run: () => navigate('/diagnostics'),
      },
      scheme === 'dark'
        ? {
            id: 'action:light-mode',
            label: t('palette.action.light'),
            icon: IconSun,
            run: () => setColorScheme('light'),
          }
        : {
            id: 'action:dark-mode',
            label: t('palette.action.dark'),
            icon: IconMoon,
            run: () => setColorScheme('dark'),
          },
      {
        id: 'action:language',
        label: t('palette.action.language'),
        icon: IconLanguage,
        run: () => setLanguage(fr ? 'en' : 'fr'),
      },
      { id: 'action:about', label: t('palette.action.about'), icon: IconInfoCircle, run: onAbout },
      { id: 'action:logs', label: t('palette.action.logs'), icon: IconFileText, run: () => void openLogs(t) },
    ] satisfies Item[]
  )
    .filter((a) => !a.right || rights.includes(a.right))
    .filter((a) => matches(a.label));

  const othersEmpty = screens.length + savedItems.length + actions.length === 0;

  return (
    <Spotlight.Root
      store={store}
      query={query}
      onQueryChange={onQueryChange}
      // Reopened quickly, Spotlight's own clear (at the end of the closing transition) may not have run.
      onSpotlightOpen={() => onQueryChange('')}
      shortcut={null}
      scrollable
      maxHeight={440}
      title={t('palette.title')}
      classNames={{ header: 'visually-hidden' }}
      // Spotlight dims the selected item's description to 70 %: below the WCAG AA contrast on the blue.
      styles={{ action: { '--action-description-opacity': 1 } as CSSProperties }}
    >
      {/* Combobox pattern: the field owns the listbox, and the keyboard selection (arrows move
          Spotlight's `selected`) is its active descendant, so a screen reader announces it. */}
      <Spotlight.Search
        role="combobox"
        aria-label={t('palette.search')}
        placeholder={t('palette.placeholder')}
        aria-expanded={opened}
        aria-controls={boxId}
        aria-autocomplete="list"
        data-testid="palette-input"
      />
      <Spotlight.ActionsList
        id={listId}
        // A scrolling region must be reachable by keyboard (Tab from the search field), as axe asks. The
        // list is a ScrollArea.Autosize that passes viewportProps on; Spotlight's type omits them.
        {...({ viewportProps: { tabIndex: 0 } } as object)}
      >
        <div id={boxId} ref={watchOptions} role="listbox" aria-label={t('palette.title')}>
          <ItemGroup name="screens" items={screens} t={t} />
          <ComputerHits text={text} opened={opened} t={t} />
          <ItemGroup name="saved" items={savedItems} t={t} />
          <ItemGroup name="actions" items={actions} t={t} />
        </div>
        {othersEmpty && <NothingFound text={text} opened={opened} t={t} />}
      </Spotlight.ActionsList>
      <Spotlight.Footer data-testid="palette-shortcuts">
        <Stack gap={4}>
          <Text size="xs" fw={700}>
            {t('palette.shortcuts.title')}
          </Text>
          <Group gap="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {[
              [IS_MAC ? '⌘ K' : 'Ctrl K', t('palette.shortcuts.palette')],
              ['↑ ↓', t('palette.shortcuts.move')],
              ['Enter', t('palette.shortcuts.open')],
              ['Esc', t('palette.shortcuts.close')],
              ['/', t('palette.shortcuts.filter')],
            ].map(([k, what]) => (
              <Group key={k} gap={6} component="li" wrap="nowrap">
                <Kbd size="xs">{k}</Kbd>
                <Text size="xs">{what}</Text>
              </Group>
            ))}
          </Group>
        </Stack>
      </Spotlight.Footer>
    </Spotlight.Root>
  );
}

/**
 * Keeps the listbox's options in order in the DOM (attached by a ref, so it follows each mount of the
 * list): their ids (Spotlight's `selected` counts the [data-action] nodes), the first one selected when
 * the options changed (results arrive after the text: Enter opens what is shown first), and the ARIA
 * state following the selection.
 */
function watchOptions(box: HTMLDivElement | null): (() => void) | undefined {
  if (!box) return;
  let shown: string | null = null;
  const read = () => {
    const options = [...box.querySelectorAll<HTMLElement>('[data-action]')];
    const order = options.map((el) => el.dataset.testid).join('|');
    if (order !== shown) {
      shown = order;
      box.querySelector('[data-selected]')?.removeAttribute('data-selected');
      options[0]?.setAttribute('data-selected', 'true');
      store.updateState((st) => ({ ...st, selected: options.length ? 0 : -1 }));
    }
    const at = options.findIndex((el) => el.hasAttribute('data-selected'));
    options.forEach((el, n) => {
      el.id = optionId(n);
      el.setAttribute('aria-selected', String(n === at));
    });
    const input = document.querySelector('[data-testid="palette-input"]');
    if (at >= 0) input?.setAttribute('aria-activedescendant', optionId(at));
    else input?.removeAttribute('aria-activedescendant');
  };
  read();
  const watch = new MutationObserver(read);
  watch.observe(box, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-selected'],
  });
  return () => watch.disconnect();
}

type T = (key: string, values?: Record<string, string>) => string;

/** search.quick for the palette's text: the hits and the "nothing found" text share its one request. */
function useQuickHits(text: string, opened: boolean) {
  return useRoute(
    'search.quick',
    { text: text.slice(0, 100), limit: 8 },
    { enabled: opened && text.length >= 2, staleTime: 10_000 },
  );
}

/** One titled group of options (nothing when it has no option and no extra line). */
function ItemGroup({ name, items, extra, t }: { name: string; items: Item[]; extra?: ReactNode; t: T }) {
  if (items.length === 0 && !extra) return null;
  return (
    <div role="group" aria-labelledby={`${listId}-${name}`}>
      <Text id={`${listId}-${name}`} size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="xs" pb={4}>
        {t(`palette.group.${name}`)}
      </Text>
      {items.map((i) => (
        <Spotlight.Action
          key={i.id}
          role="option"
          data-testid={i.id}
          data-right={i.right}
          label={i.label}
          description={i.description}
          leftSection={<i.icon size={18} aria-hidden />}
          onClick={i.run}
        />
      ))}
      {extra}
    </div>
  );
}

/**
 * The computers found by name, IP or MAC, in a component of their own: the answer re-renders these
 * rows only (re-rendering the whole Spotlight put ~80 ms between the answer and its frame at load 8).
 */
function ComputerHits({ text, opened, t }: { text: string; opened: boolean; t: T }) {
  const navigate = useNavigate();
  const quick = useQuickHits(text, opened);
  const items: Item[] =
    text.length >= 2
      ? (quick.data?.hits ?? []).map((h) => ({
          id: `computer:${h.id}`,
          label: h.name,
          description: [
            t('palette.matched.' + h.matched),
            h.ip,
            h.mac,
            h.lastSeen ? `${t('palette.lastSeen')} ${h.lastSeen}` : null,
          ]
            .filter(Boolean)
            .join(' · '),
          icon: IconDeviceDesktop,
          run: () => navigate(`/computers/${h.id}`),
        }))
      : [];
  const searching = quick.isFetching ? (
    <Group gap="xs" px="sm" py={4}>
      <Loader size="xs" aria-hidden />
      <Text size="sm" c="dimmed">
        {t('palette.searching')}
      </Text>
    </Group>
  ) : null;
  return <ItemGroup name="computers" items={items} extra={searching} t={t} />;
}

/** "Nothing found", outside the listbox, when no group has an option (the computers' answer included). */
function NothingFound({ text, opened, t }: { text: string; opened: boolean; t: T }) {
  const quick = useQuickHits(text, opened);
  const hits = text.length >= 2 ? (quick.data?.hits.length ?? 0) : 0;
  if (quick.isFetching || hits > 0) return null;
  return <Spotlight.Empty>{t('palette.nothing')}</Spotlight.Empty>;
}

/** Opens the log folder (Electron) or says where the log file is (web shell), in a notification. */
async function openLogs(t: T): Promise<void> {
  try {
    const r = await call('system.openLogs', {});
    const message = !r.file
      ? t('about.noLogs')
      : r.opened
        ? t('about.logsOpened', { folder: r.folder ?? '' })
        : t('about.logsPath', { file: r.file });
    notifications.show({
      message,
      autoClose: false,
      closeButtonProps: { 'aria-label': t('common:action.close') },
    });
  } catch {
    notifications.show({ color: 'red', message: t('about.noLogs') });
  }
}
