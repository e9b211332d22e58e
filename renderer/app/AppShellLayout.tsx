import { Alert, AppShell, NavLink, ScrollArea } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { AppHeader } from './AppHeader';
import { AppRoutes } from './AppRoutes';
import { isActive, navItems } from './nav';
import { useActivityPing } from './useActivityPing';
import { JobProgress } from '../components/JobProgress';
import { WriteAccess } from '../lib/writeAccess';
import { useSession, useSessionApi } from './session';
import { useShortcuts } from './useShortcuts';
import { LeaveGuardProvider } from '../lib/leaveGuard';
import { haven } from '../ipc';
import { guideLocation } from '../features/guide';

/** The unlocked app: header, section navigation, and the current section. */
export function AppShellLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const { station, databaseDamage } = useSession();
  // The core's check after unlock runs in the background; damage it finds arrives as an event.
  const [damage, setDamage] = useState<string[] | null>(databaseDamage);
  useEffect(() => haven.onEvent((event) => event.type === 'databaseDamaged' && setDamage(event.problems)), []);
  // 帮助 › 操作手册 in the window's menu: the guide at this screen's section, as F1.
  const navigate = useNavigate();
  useEffect(() => haven.onEvent((event) => event.type === 'openGuide' && navigate(guideLocation(pathname))), [navigate, pathname]);
  useActivityPing();
  const { lockNow } = useSessionApi();
  useShortcuts({ lockNow: () => void lockNow(), canCreate: station.mode === 'station' && damage === null });
  // Confirmations may name people: they leave with the shell when it locks.
  useEffect(() => () => notifications.clean(), []);

  return (
    <LeaveGuardProvider>
      <Notifications position="top-right" limit={3} />
      <JobProgress />
      <AppShell header={{ height: 56 }} navbar={{ width: 208, breakpoint: 0 }} padding="lg">
        <AppShell.Header>
          <AppHeader />
        </AppShell.Header>
        <AppShell.Navbar p="sm" aria-label={t('nav.label')}>
          <ScrollArea type="never">
            {navItems.map(({ key, path, icon: Icon }) => (
              <NavLink
                key={key}
                component={Link}
                to={key === 'guide' ? guideLocation(pathname) : path}
                aria-keyshortcuts={key === 'guide' ? 'F1' : undefined}
                label={t(`nav.${key}`)}
                leftSection={<Icon size={18} stroke={1.6} />}
                active={isActive(path, pathname)}
                data-testid={`nav-${key}`}
                variant="light"
                style={{ borderRadius: 'var(--mantine-radius-md)' }}
              />
            ))}
          </ScrollArea>
        </AppShell.Navbar>
        <AppShell.Main>
          {damage && (
            <Alert color="red" variant="filled" mb="md" role="alert" title={t('shell.damage.title')} data-testid="database-damage">
              {t('errors.DATABASE_DAMAGED_PAGE')}
            </Alert>
          )}
          {/* A supervisor's database holds what stations sent (and a damaged one must not be written): no screen offers a change. */}
          <WriteAccess allowed={station.mode === 'station' && damage === null}>
            <AppRoutes />
          </WriteAccess>
        </AppShell.Main>
      </AppShell>
    </LeaveGuardProvider>
  );
}
