// Saving the filtered deal history as CSV: a native save dialog in the desktop app (file.saveText),
// a download in the browser.
import type { DealQuery } from '../../../../shared/deals';
import { api } from '../../api/client';

export type ExportResult = { kind: 'saved'; path: string | null; fileName: string } | { kind: 'cancelled' } | { kind: 'downloaded'; fileName: string };

/** Hands text to the browser as a file download, through a temporary <a download>. */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL; release it once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function exportDeals(query: Omit<DealQuery, 'offset' | 'limit'>, host: 'electron' | 'web'): Promise<ExportResult> {
  const { fileName, csv } = await api().invoke('deals.csv', query);
  if (host === 'electron') {
    const reply = await api().invoke('file.saveText', { fileName, text: csv });
    return reply.saved ? { kind: 'saved', path: reply.path, fileName } : { kind: 'cancelled' };
  }
  downloadText(fileName, csv);
  return { kind: 'downloaded', fileName };
}
