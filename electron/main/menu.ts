import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu, in French: Electron's default one is in English. The Édition roles
 * also give macOS its copy and paste shortcuts.
 */
export function applicationMenuTemplate(platform: NodeJS.Platform, withDevTools: boolean): MenuItemConstructorOptions[] {
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const appMenu: MenuItemConstructorOptions[] =
    platform === 'darwin'
      ? [
          {
            label: 'Commission',
            submenu: [
              { role: 'about', label: 'À propos de Commission' },
              separator,
              { role: 'hide', label: 'Masquer Commission' },
              { role: 'hideOthers', label: 'Masquer les autres' },
              { role: 'unhide', label: 'Tout afficher' },
              separator,
              { role: 'quit', label: 'Quitter Commission' },
            ],
          },
        ]
      : [{ label: 'Fichier', submenu: [{ role: 'quit', label: 'Quitter' }] }];
  const devTools: MenuItemConstructorOptions[] = withDevTools
    ? [
        separator,
        { role: 'reload', label: 'Recharger' },
        { role: 'toggleDevTools', label: 'Outils de développement' },
      ]
    : [];
  return [
    ...appMenu,
    {
      label: 'Édition',
      submenu: [
        { role: 'undo', label: 'Annuler' },
        { role: 'redo', label: 'Rétablir' },
        separator,
        { role: 'cut', label: 'Couper' },
        { role: 'copy', label: 'Copier' },
        { role: 'paste', label: 'Coller' },
        { role: 'selectAll', label: 'Tout sélectionner' },
      ],
    },
    {
      label: 'Affichage',
      submenu: [
        { role: 'resetZoom', label: 'Taille réelle' },
        { role: 'zoomIn', label: 'Zoom avant' },
        { role: 'zoomOut', label: 'Zoom arrière' },
        separator,
        { role: 'togglefullscreen', label: 'Plein écran' },
        ...devTools,
      ],
    },
    {
      label: 'Fenêtre',
      submenu: [
        { role: 'minimize', label: 'Réduire' },
        { role: 'close', label: 'Fermer' },
      ],
    },
  ];
}
