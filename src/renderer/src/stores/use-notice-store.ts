// The core's notices: kept while in force, and each new posting shown as a toast in the user's language.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { Notice } from '../../../shared/notices';
import { api } from '../api/client';
import { codeText } from '../i18n/coded';
import { useToastStore, type ToastTone } from './use-toast-store';

const TONE: Record<Notice['level'], ToastTone> = { info: 'info', warning: 'warn', error: 'bad' };

/** A coded message in the current language (the fallback names the code, so nothing is hidden). */
export function noticeText(notice: Pick<Notice, 'message'>): string {
  return codeText(notice.message);
}

export const useNoticeStore = defineStore('notices', () => {
  const notices = shallowRef<readonly Notice[]>([]);

  function apply(notice: Notice): void {
    notices.value = [notice, ...notices.value.filter((n) => n.id !== notice.id)];
    useToastStore().push({ tone: TONE[notice.level], title: noticeText(notice), market: notice.market ?? null });
  }

  async function load(): Promise<void> {
    try {
      notices.value = await api().invoke('notices.list', undefined);
    } catch {
      // The link banner says the core is unreachable; notices come again with the next posting.
    }
  }

  async function dismiss(id: string): Promise<void> {
    notices.value = await api().invoke('notices.dismiss', { id });
  }

  function subscribe(): () => void {
    return api().on('notice.posted', apply);
  }

  return { notices, load, dismiss, subscribe, apply };
});
