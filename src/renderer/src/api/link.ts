// Loads that must run whenever the link to the core (re)opens: events pushed while it was down
// were missed, so every store that has been used reloads its state from a fresh reply.
import { api } from './client';

const loaders = new Set<() => void>();
let watching = false;
let wasOpen = false;

function watch(): void {
  if (watching) return;
  watching = true;
  wasOpen = api().link().state === 'open';
  api().onLink((status) => {
    const opened = status.state === 'open' && !wasOpen;
    wasOpen = status.state === 'open';
    if (opened) for (const load of [...loaders]) load();
  });
}

/** Runs `load` now if the link is open, and again after every reconnect. Returns the unregister. */
export function onLinkOpen(load: () => void): () => void {
  watch();
  loaders.add(load);
  if (api().link().state === 'open') load();
  return () => loaders.delete(load);
}
