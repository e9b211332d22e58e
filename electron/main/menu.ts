import { Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * A minimal menu: zoom (the staff may need larger text), copy/paste on macOS (where the Edit
 * menu provides the shortcuts), and reload/DevTools only in development. Nothing else, so a
 * packaged app offers no way to open DevTools or reload onto an unlocked screen.
 */
export function buildMenu(options: { devTools: boolean }): Menu {
  const view: MenuItemConstructorOptions[] = [
    { role: 'zoomIn', label: '放大 Zoom in' },
    { role: 'zoomOut', label: '缩小 Zoom out' },
    { role: 'resetZoom', label: '实际大小 Actual size' },
  ];
  if (options.devTools) {
    view.push({ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' });
  }

  const template: MenuItemConstructorOptions[] = [];
  if (process.platform === 'darwin') {
    template.push({ role: 'appMenu' }, { role: 'editMenu' });
  }
  template.push({ label: '视图 View', submenu: view });
  if (process.platform === 'darwin') template.push({ role: 'windowMenu' });
  return Menu.buildFromTemplate(template);
}
