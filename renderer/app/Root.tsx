import { MantineProvider } from '@mantine/core';
import { createHashRouter, RouterProvider } from 'react-router-dom';
import { cssVariablesResolver, theme } from '../theme';
import { styleNonce } from '../lib/styleNonce';
import { App } from './App';
import { SessionProvider } from './session';

/**
 * A data router (hash: the page is a file-like app:// URL) so that leaving a page with typed input
 * can be asked about (`useBlocker`, see lib/leaveGuard.tsx); the routes themselves stay in
 * AppRoutes under one catch-all.
 */
const router = createHashRouter([
  {
    path: '*',
    element: (
      <SessionProvider>
        <App />
      </SessionProvider>
    ),
  },
]);

/** Providers only: theme, router, session. */
export function Root() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light" getStyleNonce={styleNonce}>
      {/* Synchronous location updates: after unlocking, the route and the shell change in one render. */}
      <RouterProvider router={router} useTransitions={false} />
    </MantineProvider>
  );
}
