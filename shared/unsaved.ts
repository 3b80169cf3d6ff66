/**
 * What the user is asked before unsaved changes are lost: when leaving the screen (the
 * renderer's dialog) and when closing or reloading the window (the main process's).
 */
export const leaveUnsaved = {
  title: 'Quitter sans enregistrer ?',
  body: 'Les modifications de cette page ne sont pas enregistrées : elles seront perdues.',
  leave: 'Quitter sans enregistrer',
  stay: 'Rester sur la page',
} as const;
