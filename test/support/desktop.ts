/**
 * A desktop for tests: each action the app asks of the system (open, print, show in folder, the
 * save and folder dialogs) is recorded instead of done, so that a test can observe it. The
 * dialogs answer a path in `saveDir`, or null (cancelled) while `cancel` is set.
 */
import { join } from 'node:path';
import type { Desktop } from '../../services/context';

export interface DesktopAction {
  action: 'open' | 'print' | 'reveal' | 'save' | 'folder';
  path: string;
}

export interface RecordingDesktop {
  actions: DesktopAction[];
  saveDir: string;
  /** The next dialogs answer « cancelled ». */
  cancel: boolean;
  openPath(path: string): Promise<void>;
  desktop: Desktop;
}

export function recordingDesktop(saveDir: string): RecordingDesktop {
  const recorder: RecordingDesktop = {
    actions: [],
    saveDir,
    cancel: false,
    openPath: async (path) => {
      recorder.actions.push({ action: 'open', path });
    },
    desktop: {
      showInFolder: async (path) => {
        recorder.actions.push({ action: 'reveal', path });
      },
      print: async (path) => {
        recorder.actions.push({ action: 'print', path });
      },
      chooseSavePath: async (defaultName) => {
        const path = join(saveDir, defaultName);
        recorder.actions.push({ action: 'save', path });
        return recorder.cancel ? null : path;
      },
      chooseFolder: async () => {
        const path = join(saveDir, 'brouillons');
        recorder.actions.push({ action: 'folder', path });
        return recorder.cancel ? null : path;
      },
    },
  };
  return recorder;
}
