// The core's notices (src/shared/notices.ts), by code: "storage.writeFailed" is notices.storage.writeFailed.
// Most codes are worded in src/shared/codes.ts (namespace `core`, shared with the shell); a notice
// code may instead be worded here. The i18n guard test checks that every code the core emits has
// words in all four languages, in one place or the other.
import { defineMessages } from './define';

export default defineMessages({
  en: {
    fallback: 'Vigil reported a problem ({code}).',
  },
  'zh-CN': {
    fallback: 'Vigil 报告了一个问题（{code}）。',
  },
  'zh-TW': {
    fallback: 'Vigil 回報了一個問題（{code}）。',
  },
  th: {
    fallback: 'Vigil รายงานปัญหา ({code})',
  },
});
