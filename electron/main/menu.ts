import { Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * A minimal menu: zoom (the staff may need larger text), copy/paste on macOS (where the Edit
 * menu provides the shortcuts), 帮助 (the user guide, which the page opens: `openGuide` sends it
 * the event), and reload/DevTools only in development. Nothing else, so a packaged app offers no
 * way to open DevTools or reload onto an unlocked screen.
 */
export function buildMenu(options: { devTools: boolean; openGuide: () => void }): Menu {
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
  // F1 is the page's own shortcut (it also works on the login screen); the menu only shows it.
  template.push({ label: '帮助 Help', submenu: [{ label: '操作手册 User guide', accelerator: 'F1', registerAccelerator: false, click: options.openGuide }] });
  if (process.platform === 'darwin') template.push({ role: 'windowMenu' });
  return Menu.buildFromTemplate(template);
}
