import { Center, Loader } from '@mantine/core';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { lazy, Suspense, useMemo } from 'react';
import { ErrorAlert } from '../components/error-alert/error-alert';
import { ConnectPage } from '../pages/connection/connect-page';
import { LoginPage } from '../pages/connection/login-page';
import { Layout } from './layout';
import { visibleEntries } from './nav';
import { useSession } from './use-session';

// Shown once, after logging in with the default password: not worth a place in the first screen's bundle.
const ChangePasswordPage = lazy(() =>
  import('../pages/connection/change-password-page').then((m) => ({ default: m.ChangePasswordPage })),
);

/** Gate: connect → log in → (change the default password) → the console. */
export function App() {
  const { loading, error, connection, operator } = useSession();
  const router = useMemo(() => {
    if (!connection?.connected || !operator || operator.mustChangePassword) return null;
    return createBrowserRouter([
      {
        path: '/',
        element: <Layout connection={connection} operator={operator} />,
        children: [
          ...visibleEntries(operator.rights).map((e) => ({ path: e.path, element: <e.page /> })),
          { path: 'index.html', element: <Navigate to="/" replace /> },
          { path: '*', element: <Navigate to="/" replace /> },
        ],
      },
    ]);
  }, [connection, operator]);

  if (loading) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (error && !connection) {
    return (
      <Center h="100vh" p="md">
        <ErrorAlert error={error} />
      </Center>
    );
  }
  if (!connection?.connected) return <ConnectPage />;
  if (!operator) return <LoginPage database={connection.database ?? ''} />;
  if (operator.mustChangePassword) {
    return (
      <Suspense fallback={<Loader aria-label="Loading" />}>
        <ChangePasswordPage login={operator.login} />
      </Suspense>
    );
  }
  return router ? <RouterProvider router={router} /> : null;
}
