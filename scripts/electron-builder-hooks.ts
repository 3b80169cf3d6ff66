// Checks that electron-builder runs around packaging (see electron-builder.ts): SQLite's build
// for Electron is packed, outside the archive, and the fuses are really set in the executable
// that ships, read back from the binary rather than trusted.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AfterPackContext, BuildResult, Configuration } from 'electron-builder';
import { nativeBindingPath } from '../electron/native-binding.mjs';

export type Fuses = NonNullable<Configuration['electronFuses']>;
export type FuseName = Exclude<keyof Fuses, 'resetAdHocDarwinSignature'>;

/** Fuse names in their order on Electron's fuse wire (FuseV1Options in @electron/fuses). */
export const FUSE_WIRE_ORDER: readonly FuseName[] = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
];

/** Marks the fuse wire in Electron's binary: then a version byte, a length byte, one byte per fuse. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_ENABLED = 0x31;
const FUSE_DISABLED = 0x30;

/** The state of each fuse in an Electron binary; a removed or unknown fuse is left out. */
export function readFuseWire(binary: Buffer): Partial<Record<FuseName, boolean>> {
  const at = binary.indexOf(FUSE_SENTINEL, 0, 'latin1');
  if (at === -1) throw new Error('Fusibles introuvables : ce fichier n’est pas un exécutable Electron.');
  const wire = at + FUSE_SENTINEL.length;
  if (binary[wire] !== 1) throw new Error(`Version de fusibles inconnue : ${binary[wire]}.`);
  const length = binary[wire + 1] ?? 0;
  const states: Partial<Record<FuseName, boolean>> = {};
  FUSE_WIRE_ORDER.slice(0, length).forEach((name, index) => {
    const state = binary[wire + 2 + index];
    if (state === FUSE_ENABLED || state === FUSE_DISABLED) states[name] = state === FUSE_ENABLED;
  });
  return states;
}

/** The fuses whose state in the binary differs from the configuration. */
export function fuseMismatches(actual: Partial<Record<FuseName, boolean>>, expected: Fuses): FuseName[] {
  return FUSE_WIRE_ORDER.filter((name) => expected[name] !== undefined && actual[name] !== expected[name]);
}

/** Paths of the SQLite build for Electron: in the project, and once packed in the app. */
function nativeBinding(context: AfterPackContext, arch: string): { source: string; packed: string } {
  const electronVersion = context.packager.config.electronVersion;
  if (!electronVersion) throw new Error('electronVersion manque dans la configuration de electron-builder.');
  const projectDir = context.packager.projectDir;
  const platform = context.electronPlatformName as NodeJS.Platform;
  const source = nativeBindingPath(projectDir, electronVersion, platform, arch);
  // Electron reads app.asar/native/… from app.asar.unpacked/native/…, where asarUnpack puts it.
  const packed = join(context.appOutDir, 'resources', 'app.asar.unpacked', relative(projectDir, source));
  return { source, packed };
}

async function archName(context: AfterPackContext): Promise<string> {
  const { Arch } = await import('electron-builder');
  return Arch[context.arch];
}

export async function beforePack(context: AfterPackContext): Promise<void> {
  const { source } = nativeBinding(context, await archName(context));
  if (!existsSync(source)) {
    throw new Error(
      `SQLite pour Electron est absent : ${source}\n` +
        'Lancez une fois « npm start » sur cette machine (il le télécharge ou le compile), puis « npm run dist ».',
    );
  }
}

/** Executables packed in this run, whose fuses are checked once electron-builder has set them. */
const packedExecutables: string[] = [];

export async function afterPack(context: AfterPackContext): Promise<void> {
  const { packed } = nativeBinding(context, await archName(context));
  if (!existsSync(packed)) throw new Error(`SQLite pour Electron n’a pas été placé hors de l’archive : ${packed}`);
  // Named as electron-builder names it when it sets the fuses.
  const packager = context.packager as AfterPackContext['packager'] & { executableName?: string };
  const name = packager.executableName ?? packager.appInfo.productFilename;
  packedExecutables.push(join(context.appOutDir, context.electronPlatformName === 'win32' ? `${name}.exe` : name));
}

/**
 * electron-builder sets the fuses after afterPack, just before signing; they are read back once
 * every installer is made, and a wrong one deletes the installers rather than let them ship.
 */
export function afterAllArtifactBuild(result: BuildResult): string[] {
  const expected = result.configuration.electronFuses;
  if (!expected) throw new Error('electronFuses manque dans la configuration de electron-builder.');
  for (const executable of packedExecutables.splice(0)) {
    const wrong = fuseMismatches(readFuseWire(readFileSync(executable)), expected);
    if (wrong.length > 0) {
      for (const artifact of result.artifactPaths) rmSync(artifact, { force: true });
      throw new Error(`Fusibles d’Electron mal réglés dans ${executable} : ${wrong.join(', ')}. Installeurs supprimés.`);
    }
  }
  return [];
}
