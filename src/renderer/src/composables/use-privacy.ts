// Privacy mode: the user's own amounts (balances, values, P&L, order sizes, deal amounts and fees)
// are replaced on screen by a mask; market prices and public market data stay. The setting is the
// core's (`settings.privacy`, so the tray tooltip follows it too); this device keeps a copy so that
// amounts stay hidden from the first paint, before the core's settings arrive.
import { computed, effectScope, ref, watch } from 'vue';
import { useSettingsStore } from '../stores/use-settings-store';
import { MASKED, maskNumbers } from '../../../shared/privacy';

export { MASKED };
const STORAGE_KEY = 'vigil.privacy';

function readLocal(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

const local = ref<boolean>(readLocal());
/** The copy follows the core's setting through one watcher, however many components ask. */
let mirrored = false;

/** The hotkey as the UI states it (the key names are the same in every language). */
export const PRIVACY_HOTKEY = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘⇧H' : 'Ctrl+Shift+H';

/** True for the privacy hotkey: Ctrl+Shift+H (Cmd+Shift+H on macOS). */
export function isPrivacyHotkey(event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'code'>): boolean {
  return (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.code === 'KeyH';
}

export function usePrivacy() {
  const settings = useSettingsStore();
  const hidden = computed(() => settings.settings?.privacy ?? local.value);
  if (!mirrored) {
    mirrored = true;
    // A detached scope: the watcher outlives whichever component asked first.
    effectScope(true).run(() =>
      watch(
        () => settings.settings?.privacy,
        (value) => {
          if (value === undefined) return;
          local.value = value;
          try {
            localStorage.setItem(STORAGE_KEY, value ? '1' : '0');
          } catch {
            // Storage can be disabled; the core's setting still holds.
          }
        },
        { immediate: true },
      ),
    );
  }

  /** The text of an amount, or the mask while privacy mode is on. */
  const shown = (text: string): string => (hidden.value ? MASKED : text);
  /** A sentence that may carry amounts (an alert text): its numbers masked while privacy mode is on. */
  const masked = (text: string): string => (hidden.value ? maskNumbers(text) : text);

  async function toggle(): Promise<void> {
    const next = !hidden.value;
    local.value = next; // hide at once; the core's reply confirms (or the failure is shown by the settings store)
    await settings.update({ privacy: next });
  }

  return { hidden, shown, masked, toggle };
}
