// The core's notices (src/shared/notices.ts), by code: "storage.writeFailed" is notices.storage.writeFailed.
// Every code the core posts has an entry here in all four languages.
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
