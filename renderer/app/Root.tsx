import { MantineProvider } from '@mantine/core';
import { HashRouter } from 'react-router-dom';
import { cssVariablesResolver, theme } from '../theme';
import { styleNonce } from '../lib/styleNonce';
import { App } from './App';
import { SessionProvider } from './session';

/** Providers only: theme, router (hash: the page is a file-like app:// URL), session. */
export function Root() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light" getStyleNonce={styleNonce}>
      {/* Synchronous location updates: after unlocking, the route and the shell change in one render. */}
      <HashRouter useTransitions={false}>
        <SessionProvider>
          <App />
        </SessionProvider>
      </HashRouter>
    </MantineProvider>
  );
}
