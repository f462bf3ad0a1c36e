// vue-i18n's runtime-only build has the same API as the package root, whose types it shares.
declare module 'vue-i18n/dist/vue-i18n.runtime.esm-bundler.js' {
  export * from 'vue-i18n';
}
