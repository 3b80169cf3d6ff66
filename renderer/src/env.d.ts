/// <reference types="vite/client" />
import type { Api } from '../../shared/contract';

declare global {
  interface Window {
    /** Installed by the preload (or by the test bridge): the only way out of the page. */
    readonly api: Api;
  }
}
