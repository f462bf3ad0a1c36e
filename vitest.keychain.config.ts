import { defineConfig } from 'vitest/config';

// The keychain integration test: a real Secret Service on a private D-Bus session. Run it with
// `npm run test:keychain` (dbus-run-session + scripts/with-keyring.sh), not with plain vitest.
export default defineConfig({
  test: {
    include: ['src/**/*.keychain.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
});
