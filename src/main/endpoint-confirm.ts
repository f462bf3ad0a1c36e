// The desktop app's way to let a held-back credential go to a changed endpoint: a native dialog of
// the shell (the page cannot draw or click it), shown at start for each credential the core held
// back. Declining (the default) keeps it held back; the user can always enter the key again.
import type { Dialog } from 'electron';
import type { Core } from './core/core';
import { EXCHANGE_NAMES } from '../shared/model';

export async function confirmHeldBackCredentials(core: Core, dialog: Pick<Dialog, 'showMessageBox'>): Promise<void> {
  const statuses = await core.invoke('credentials.status', undefined);
  for (const status of statuses) {
    if (!status.heldBack) continue;
    const name = EXCHANGE_NAMES[status.exchange];
    const origins = String(status.heldBack.params?.origins ?? '').split(' ').filter(Boolean);
    const { response } = await dialog.showMessageBox({
      type: 'warning',
      title: 'Vigil',
      message: `The ${name} endpoints have changed`,
      detail:
        `Your ${name} API key was entered for other addresses, so Vigil has not sent it. Send it to:\n\n` +
        `${origins.join('\n')}\n\nAllow this only if you changed the endpoints yourself.`,
      buttons: ['Keep it held back', 'Send it there'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    });
    if (response === 1) await core.confirmCredentialEndpoints(status.exchange);
  }
}
