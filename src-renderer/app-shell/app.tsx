import { Center, Loader } from '@mantine/core';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { useMemo } from 'react';
import { ErrorAlert } from '../components/error-alert/error-alert';
import { ChangePasswordPage } from '../pages/connection/change-password-page';
import { ConnectPage } from '../pages/connection/connect-page';
import { LoginPage } from '../pages/connection/login-page';
import { Layout } from './layout';
import { visibleEntries } from './nav';
import { useSession } from './use-session';

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
  if (operator.mustChangePassword) return <ChangePasswordPage login={operator.login} />;
  return router ? <RouterProvider router={router} /> : null;
}
