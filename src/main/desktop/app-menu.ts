import type { MenuItemConstructorOptions } from 'electron'

/**
 * The standard application menu (edit shortcuts, zoom, window handling) plus About. DevTools are
 * offered only in development: a packaged app has no use for them and they open its internals.
 */
export function appMenuTemplate(options: {
  isMac: boolean
  devTools: boolean
  showAbout: () => void
}): MenuItemConstructorOptions[] {
  const about: MenuItemConstructorOptions = {
    label: 'About Indexed PIM Desktop',
    click: options.showAbout
  }
  return [
    ...(options.isMac ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(options.devTools ? [{ role: 'toggleDevTools' } as const] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' }
      ]
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [about] }
  ]
}
