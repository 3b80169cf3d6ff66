// Runs the built preload (out/preload/index.cjs) the way a sandboxed renderer does: a
// CommonJS function whose `require` knows only 'electron'.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../shared/contract/methods';

const PRELOAD = resolve('out/preload/index.cjs');

interface Loaded {
  required: string[];
  exposed: Map<string, Record<string, (input: unknown) => unknown>>;
  invoked: unknown[][];
}

function loadPreload(): Loaded {
  const loaded: Loaded = { required: [], exposed: new Map(), invoked: [] };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: Record<string, (input: unknown) => unknown>) => loaded.exposed.set(key, value) },
    ipcRenderer: { invoke: (...args: unknown[]) => loaded.invoked.push(args) },
  };
  const require = (name: string): unknown => {
    loaded.required.push(name);
    if (name !== 'electron') throw new Error(`A sandboxed preload cannot require « ${name} ».`);
    return electron;
  };
  const module = { exports: {} };
  runInNewContext(`(function (require, module, exports) {${readFileSync(PRELOAD, 'utf8')}\n})`, {})(
    require,
    module,
    module.exports,
  );
  return loaded;
}

describe('preload bundle', () => {
  let loaded: Loaded;
  beforeAll(() => {
    if (!existsSync(PRELOAD)) throw new Error('out/preload/index.cjs is missing: run `npm run build` first.');
    loaded = loadPreload();
  });

  it('requires nothing but electron', () => {
    expect(new Set(loaded.required)).toEqual(new Set(['electron']));
  });

  it('exposes window.api and nothing else, one function per contract method', () => {
    expect([...loaded.exposed.keys()]).toEqual(['api']);
    expect(Object.keys(loaded.exposed.get('api')!)).toEqual([...methodNames]);
  });

  it('calls each method through its own invoke channel', () => {
    const api = loaded.exposed.get('api')!;
    api['audit.list']!({ limit: 5 });
    api['app.info']!(undefined);
    expect(loaded.invoked).toEqual([
      ['api:audit.list', { limit: 5 }],
      ['api:app.info', undefined],
    ]);
  });
});
