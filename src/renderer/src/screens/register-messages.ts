// Every screen's words: each screen folder's messages.ts becomes the namespace named after the
// folder (screens/market/messages.ts is `t('market.…')`). A new screen folder with a messages.ts
// is picked up here; the i18n module itself knows no screen.
import { registerMessages } from '../i18n';
import type { LocaleMessages } from '../i18n/define';
import type { MessageTree } from '../i18n/compile';

const screens = import.meta.glob<LocaleMessages<MessageTree>>('./*/messages.ts', { eager: true, import: 'default' });

for (const [path, messages] of Object.entries(screens)) {
  const folder = /^\.\/([\w-]+)\/messages\.ts$/.exec(path)?.[1];
  if (folder) registerMessages(folder, messages);
}
