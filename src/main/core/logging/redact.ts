// Redaction: the last step before a log line is written anywhere. It removes the secrets it was told
// about (API keys, tokens: every credential the core holds) in every spelling a message may carry them
// (as is, URL-encoded, JSON-escaped), and anything that looks like a secret by its label: `sign: <hex>`,
// `token=<hex>`, `"apiKey":"…"`, `Authorization: Bearer …`. Line breaks are escaped, so a message cannot
// forge extra log lines.

export const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for: they would blank out ordinary words and numbers. */
export const MIN_SECRET_LENGTH = 4;

/** Labels whose values are secret wherever they appear. */
const SECRET_LABEL = String.raw`(?:api[_-]?key|api[_-]?secret|secret(?:[_-]?key)?|access[_-]?token|refresh[_-]?token|auth[_-]?token|token|sign(?:ature)?|password|passphrase|merchant[_-]?key)`;

const PATTERNS: { re: RegExp; replace: string }[] = [
  // "apiKey":"…" and 'token': '…' (JSON and JS-ish objects), any case.
  { re: new RegExp(String.raw`(["']${SECRET_LABEL}["']\s*:\s*)(["'])(?:\\.|(?!\2).)*\2`, 'gi'), replace: `$1$2${REDACTED}$2` },
  // Authorization: Bearer … / Basic … (headers, dumps of request options).
  { re: /\b(authorization["']?\s*[:=]\s*["']?(?:bearer|basic|token)?\s*)[^\s"',;]+/gi, replace: `$1${REDACTED}` },
  { re: /\b(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, replace: `$1${REDACTED}` },
  // sign: <hex>, token=<hex>, ?apiKey=… in URLs, api_key => … .
  { re: new RegExp(String.raw`\b(${SECRET_LABEL}\s*(?::|=>|=)\s*)(?!\[redacted\])[^\s&,;"'\]\)}]+`, 'gi'), replace: `$1${REDACTED}` },
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Redactor {
  private secrets = new Set<string>();
  private matcher: RegExp | null = null;

  constructor(secrets: Iterable<string> = []) {
    this.add(secrets);
  }

  /** Adds secrets to remove from now on (credentials set at run time). */
  add(values: Iterable<string>): void {
    let added = false;
    for (const raw of values) {
      if (typeof raw !== 'string') continue;
      const value = raw.trim();
      if (value.length < MIN_SECRET_LENGTH) continue;
      // The spellings a secret takes in messages: as is, in a URL, inside JSON.
      for (const form of [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) {
        if (!this.secrets.has(form)) {
          this.secrets.add(form);
          added = true;
        }
      }
    }
    if (!added) return;
    // Longest first, so a secret that contains another is removed whole.
    const alternatives = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.matcher = new RegExp(alternatives.join('|'), 'g');
  }

  /** The text with every known secret and secret-looking value replaced, on one line. */
  redact(text: string): string {
    let out = this.matcher ? text.replace(this.matcher, REDACTED) : text;
    for (const { re, replace } of PATTERNS) out = out.replace(re, replace);
    return out.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  }
}
