import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import './styles.css';
import {
  localStorageColorSchemeManager,
  MantineProvider,
  createTheme,
  type CSSVariablesResolver,
} from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app-shell/app';
import { preloadPage } from './app-shell/nav';
import { AppErrorBoundary } from './app-shell/error-boundary';
import { textsReady } from './i18n';

// Shade 8 keeps white text on filled buttons and blue text on light tints above 4.5:1 (WCAG AA).
const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  respectReducedMotion: true,
  defaultRadius: 'sm',
});
// Mantine's dimmed text (gray-6) is below the 4.5:1 WCAG AA contrast on white: one shade darker
// everywhere (and a lighter one in dark mode), so hints, labels and descriptions stay readable.
const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  // Text on the primary light tint (active navigation, light buttons) one shade darker too.
  light: {
    '--mantine-color-dimmed': t.colors.gray[7]!,
    '--mantine-primary-color-light-color': t.colors.blue[9]!,
    '--mantine-color-blue-light-color': t.colors.blue[9]!,
    // Field error messages (red-6 by default) below 4.5:1 on white.
    '--mantine-color-error': t.colors.red[8]!,
  },
  dark: { '--mantine-color-dimmed': t.colors.dark[1]! },
});
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 } },
});
const colorSchemeManager = localStorageColorSchemeManager({ key: 'ocs-desk-color-scheme' });

preloadPage(location.pathname);

// French texts come in their own chunk: render once the first language is there.
void textsReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider
        theme={theme}
        defaultColorScheme="auto"
        colorSchemeManager={colorSchemeManager}
        cssVariablesResolver={cssVariablesResolver}
      >
        <QueryClientProvider client={queryClient}>
          <ModalsProvider>
            {/* Top centre, under dialogs and drawers, three at most: the header's middle is empty, so a
              notification never covers an action (Cancel of a running task included). */}
            <Notifications position="top-center" limit={3} zIndex={150} />
            <AppErrorBoundary>
              <App />
            </AppErrorBoundary>
          </ModalsProvider>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  ),
);
