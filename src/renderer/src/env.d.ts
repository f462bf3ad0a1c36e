/// <reference types="vite/client" />
import type { VigilBridge } from '../../shared/contract';

declare global {
  interface Window {
    /** The Electron preload bridge; absent when the UI is served by the web host. */
    vigil?: VigilBridge;
  }
}

export {};
