import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';

// One content security policy for both hosts (Electron loads the file, the web host serves it).
// Development relaxes styles and connections only because Vite injects <style> tags and an HMR socket.
function contentSecurityPolicy(): Plugin {
  return {
    name: 'vigil-csp',
    transformIndexHtml(html, ctx) {
      const dev = Boolean(ctx.server);
      const policy = [
        "default-src 'none'",
        "script-src 'self'",
        dev ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        dev ? "connect-src 'self' ws: http:" : "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
      ].join('; ');
      return html.replace('%VIGIL_CSP%', policy);
    },
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          web: resolve(__dirname, 'src/main/web/cli.ts'),
          simulators: resolve(__dirname, 'src/main/web/simulators.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        // A sandboxed preload must be a single CommonJS file.
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [vue(), contentSecurityPolicy()],
    // Messages are compiled to functions at start-up (no runtime compiler: the CSP forbids eval).
    define: {
      __VUE_I18N_LEGACY_API__: 'false',
      __INTLIFY_DROP_MESSAGE_COMPILER__: 'true',
      __INTLIFY_PROD_DEVTOOLS__: 'false',
    },
  },
});
