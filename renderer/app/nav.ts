import { IconArrowsExchange, IconChartBar, IconChecklist, IconFolders, IconHelp, IconLayoutDashboard, IconSettings, type Icon } from '@tabler/icons-react';

export interface NavItem {
  key: 'dashboard' | 'persons' | 'worklist' | 'reports' | 'transfer' | 'settings' | 'guide';
  path: string;
  icon: Icon;
}

/** The sections of the app, in navbar order. */
export const navItems: readonly NavItem[] = [
  { key: 'dashboard', path: '/', icon: IconLayoutDashboard },
  { key: 'persons', path: '/persons', icon: IconFolders },
  { key: 'worklist', path: '/worklist', icon: IconChecklist },
  { key: 'reports', path: '/reports', icon: IconChartBar },
  { key: 'transfer', path: '/transfer', icon: IconArrowsExchange },
  { key: 'settings', path: '/settings', icon: IconSettings },
  // 帮助: opened at the section about the current screen (AppShellLayout adds it; F1 does the same).
  { key: 'guide', path: '/guide', icon: IconHelp },
];

export function isActive(path: string, pathname: string): boolean {
  return path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`);
}
