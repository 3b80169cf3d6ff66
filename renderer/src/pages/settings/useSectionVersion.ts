import { useState } from 'react';
import type { Output } from '../../../../shared/contract';
import type { SettingsSection } from '../../../../shared/settings';

/**
 * A section of the Paramètres as one form saves it: the version it was loaded at goes with each
 * save (one saved elsewhere meanwhile is refused), and follows each save that passes.
 */
export function useSectionVersion(section: SettingsSection, loaded: Output<'settings.get'>['versions']) {
  const [version, setVersion] = useState(loaded[section] ?? 0);
  return {
    expectedVersions: { [section]: version },
    saved: (settings: Output<'settings.get'>) => setVersion(settings.versions[section] ?? version),
  };
}
