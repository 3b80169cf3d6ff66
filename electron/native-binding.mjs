import { join } from 'node:path';

/**
 * Where the better-sqlite3 binary built for one Electron version lives: `npm start` (Node, plain
 * JavaScript) puts it there and the main process loads it, so both read this one definition.
 */
export function nativeBindingPath(appRoot, electronVersion, platform, arch) {
  return join(appRoot, 'native', `electron-${electronVersion}-${platform}-${arch}`, 'better_sqlite3.node');
}
