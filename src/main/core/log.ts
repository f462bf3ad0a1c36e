// The core's logger. Messages are built by the core itself and never include credentials.
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Secrets to redact from now on (credentials entered at run time), where the logger redacts. */
  addSecrets?(values: Iterable<string>): void;
}

export const consoleLogger: Logger = {
  info: (m) => console.log(`[vigil] ${m}`),
  warn: (m) => console.warn(`[vigil] ${m}`),
  error: (m) => console.error(`[vigil] ${m}`),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
