// What the command palette lists for a typed text: screens and actions matched here; markets of
// every venue are ranked by the core (markets.search, the one owner of "what matches a pair").

/** Markets asked of the core at most: enough for one base on every venue and quote, few enough to scan. */
export const MAX_MARKET_RESULTS = 40;
/** Text typed at most: longer input is cut, never searched. */
export const MAX_QUERY_LENGTH = 64;

/** A screen or an action, worded in the current language. */
export interface PaletteCommand {
  id: string;
  label: string;
  /** Other words that find it (English names, codes), besides the label. */
  keywords: readonly string[];
}

/** The typed text, trimmed, lower-cased and bounded. */
export function normalizeQuery(text: string): string {
  return text.slice(0, MAX_QUERY_LENGTH).trim().toLowerCase();
}

/** Commands whose label starts with the text come first; then those with every typed word somewhere. */
export function matchCommands<C extends PaletteCommand>(commands: readonly C[], query: string): { leading: C[]; other: C[] } {
  const q = normalizeQuery(query);
  if (!q) return { leading: [...commands], other: [] };
  const words = q.split(/\s+/);
  const leading: C[] = [];
  const other: C[] = [];
  for (const c of commands) {
    const label = c.label.toLowerCase();
    const text = [label, ...c.keywords.map((k) => k.toLowerCase())].join(' ');
    if (label.startsWith(q)) leading.push(c);
    else if (words.every((w) => text.includes(w))) other.push(c);
  }
  return { leading, other };
}
