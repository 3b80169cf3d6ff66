import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeBindingPath } from '../../electron/native-binding.mjs';

interface Target {
  version: string;
  platform: string;
  arch: string;
}

/** What scripts/start.mjs exports for testing; its main part runs only as a script. */
interface StartScript {
  nativeBuildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  prebuildInstallArgs(target: Target): string[];
  nodeGypArgs(target: Target, devdir: string): string[];
  abiFromLoadError(message: string): string | undefined;
  builtAbi(file: string): string | undefined;
  looksOffline(output: string): boolean;
}

const target: Target = { version: '45.4.1', platform: 'linux', arch: 'x64' };
let start: StartScript;

beforeAll(async () => {
  start = (await import(pathToFileURL(resolve('scripts/start.mjs')).href)) as StartScript;
});

describe('npm start: native binding', () => {
  it('lives in native/electron-<version>-<platform>-<arch>/ under the app', () => {
    expect(nativeBindingPath('/app', '45.4.1', 'win32', 'arm64')).toBe(
      join('/app', 'native', 'electron-45.4.1-win32-arm64', 'better_sqlite3.node'),
    );
  });

  it('is built without the npm settings that would target Node (nodedir=/usr…)', () => {
    const env = start.nativeBuildEnv({
      PATH: '/usr/bin',
      HTTPS_PROXY: 'http://proxy:3128',
      npm_config_proxy: 'http://proxy:3128',
      npm_config_cache: '/home/agent/.npm',
      npm_config_nodedir: '/usr',
      NPM_CONFIG_NODEDIR: '/usr',
      npm_config_target: '20.20.2',
      npm_config_runtime: 'node',
      npm_config_disturl: 'https://nodejs.org/dist',
      npm_config_build_from_source: 'true',
      'npm_config_dist-url': 'https://nodejs.org/dist',
      npm_package_resolved: 'file:.',
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      HTTPS_PROXY: 'http://proxy:3128',
      npm_config_proxy: 'http://proxy:3128',
      npm_config_cache: '/home/agent/.npm',
    });
  });

  it('asks prebuild-install for the Electron build', () => {
    expect(start.prebuildInstallArgs(target)).toEqual([
      '--runtime=electron',
      '--target=45.4.1',
      '--arch=x64',
      '--platform=linux',
    ]);
  });

  it('falls back to node-gyp against Electron’s headers, never a nodedir', () => {
    const args = start.nodeGypArgs(target, '/home/agent/.electron-gyp');
    expect(args).toEqual([
      'rebuild',
      '--release',
      '--runtime=electron',
      '--target=45.4.1',
      '--arch=x64',
      '--dist-url=https://electronjs.org/headers',
      '--devdir=/home/agent/.electron-gyp',
    ]);
    expect(args.some((arg) => arg.startsWith('--nodedir'))).toBe(false);
  });

  it('reads the ABI a refused module was built for', () => {
    const message =
      "Error: The module '/tmp/x/better_sqlite3.node'\nwas compiled against a different Node.js version using\n" +
      'NODE_MODULE_VERSION 150. This version of Node.js requires\nNODE_MODULE_VERSION 115. Please try re-compiling';
    expect(start.abiFromLoadError(message)).toBe('150');
    expect(start.abiFromLoadError('Error: Module did not self-register')).toBeUndefined();
  });

  it('recognises a Node build (what nodedir=/usr produces) by its ABI', () => {
    const nodeBuild = join(
      createRequire(import.meta.url).resolve('better-sqlite3/package.json'),
      '..',
      'build',
      'Release',
      'better_sqlite3.node',
    );
    expect(start.builtAbi(nodeBuild)).toBe(process.versions.modules);
  });

  it('tells a network failure from a compilation failure', () => {
    expect(start.looksOffline('prebuild-install warn install getaddrinfo ENOTFOUND github.com')).toBe(true);
    expect(start.looksOffline('gyp ERR! stack is related to network connectivity. In most cases')).toBe(true);
    expect(start.looksOffline('gyp ERR! stack Error: `make` failed with exit code: 2')).toBe(false);
  });
});
