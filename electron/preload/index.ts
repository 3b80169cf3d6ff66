// Sandboxed preload: bundled to one CommonJS file that requires nothing but 'electron'.
// It exposes window.api (one function per contract method) and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { methodNames } from '../../shared/contract/methods';
import { apiChannel } from '../channels';

const api = Object.fromEntries(
  methodNames.map((method) => [method, (input: unknown) => ipcRenderer.invoke(apiChannel(method), input)]),
);

contextBridge.exposeInMainWorld('api', api);
