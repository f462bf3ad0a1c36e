// The user's settings as the core keeps them. Language and theme also live on this device, so the
// UI speaks the right language from its first paint and keeps the user's choice even when the core
// cannot store it (the failure is still shown).
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { Language, Settings } from '../../../shared/settings';
import { api } from '../api/client';
import { errorMessage } from '../format';
import { isLanguage, preferredLanguage, setLanguage } from '../i18n';
import { createRemote } from './remote';

export type Theme = Settings['theme'];

const STORAGE_KEY = 'vigil.prefs';

interface LocalPrefs {
  language?: Language;
  theme?: Theme;
}

function readLocal(): LocalPrefs {
  try {
    const raw = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, unknown>;
    return {
      language: isLanguage(raw.language) ? raw.language : undefined,
      theme: raw.theme === 'light' || raw.theme === 'dark' ? raw.theme : undefined,
    };
  } catch {
    return {};
  }
}

function writeLocal(prefs: LocalPrefs): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(prefs));
  } catch {
    // Storage can be disabled; the choice holds until the page reloads.
  }
}

export const useSettingsStore = defineStore('settings', () => {
  const remote = createRemote(() => api().invoke('settings.get', undefined));
  const local = ref<LocalPrefs>(readLocal());
  const saving = ref(false);
  const saveError = ref<string | null>(null);
  let started = false;

  const language = computed<Language>(() => local.value.language ?? preferredLanguage(navigator.languages));
  const theme = computed<Theme>(() => local.value.theme ?? 'dark');

  function adopt(settings: Settings): void {
    remote.set(settings);
    local.value = { language: settings.language, theme: settings.theme };
    writeLocal(local.value);
  }

  /** Applies a change at once where the UI can (language, theme), then asks the core to keep it. */
  async function update(patch: Partial<Settings>): Promise<boolean> {
    if (patch.language !== undefined || patch.theme !== undefined) {
      local.value = { ...local.value, ...(patch.language && { language: patch.language }), ...(patch.theme && { theme: patch.theme }) };
      writeLocal(local.value);
    }
    saving.value = true;
    try {
      adopt(await api().invoke('settings.set', patch));
      saveError.value = null;
      return true;
    } catch (e) {
      saveError.value = errorMessage(e);
      return false;
    } finally {
      saving.value = false;
    }
  }

  function start(): void {
    if (started) return;
    started = true;
    watch(language, (l) => setLanguage(l), { immediate: true });
    watch(
      theme,
      (t) => {
        document.documentElement.dataset.theme = t;
      },
      { immediate: true },
    );
    api().on('settings.changed', adopt);
    remote.ensure();
    // Adopt the core's settings when they arrive (they win over this device's copy).
    watch(remote.data, (s) => {
      if (s && (s.language !== local.value.language || s.theme !== local.value.theme)) {
        local.value = { language: s.language, theme: s.theme };
        writeLocal(local.value);
      }
    });
  }

  return {
    settings: remote.data,
    state: remote.state,
    error: remote.error,
    reload: remote.reload,
    language,
    theme,
    saving,
    saveError,
    update,
    start,
  };
});
