import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createAppLogger, credentialSecrets, REDACTED, Redactor, RotatingFile } from './index';

const API_KEY = 'k3yS3cr3t_0123456789abcdefABCDEF+/=';
const TOKEN = '9f86d081884c7d659a2feaa0c55ad015';

function home() {
  return mkdtempSync(join(tmpdir(), 'vigil-log-'));
}

/** Everything in every log file of a home folder. */
function allLogs(dir: string): string {
  const logs = join(dir, 'logs');
  return readdirSync(logs)
    .map((f) => readFileSync(join(logs, f), 'utf8'))
    .join('');
}

describe('the app logger', () => {
  it('never writes a known secret, in any spelling, to the file or the console', () => {
    const dir = home();
    const echo = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const log = createAppLogger({
      home: dir,
      secrets: credentialSecrets({ cryptomus: { userId: 'user-42-xyz', apiKey: API_KEY }, coinking: { token: TOKEN } }),
      echo,
      maxBytes: 300,
      maxFiles: 3,
    });
    log.info(`connecting with ${API_KEY}`);
    log.warn(`GET /v1/balance?key=${encodeURIComponent(API_KEY)}&x=1`);
    log.error(JSON.stringify({ request: { headers: { merchant: 'user-42-xyz', key: API_KEY } } }));
    log.error(new Error(`auth failed for ${TOKEN}`).stack ?? '');
    log.info(`token prefix ${TOKEN.slice(0, 10)} is fine to show`);
    log.close();

    const text = allLogs(dir);
    const echoed = [...echo.info.mock.calls, ...echo.warn.mock.calls, ...echo.error.mock.calls].flat().join('\n');
    for (const output of [text, echoed]) {
      expect(output).not.toContain(API_KEY);
      expect(output).not.toContain(encodeURIComponent(API_KEY));
      expect(output).not.toContain(TOKEN);
      expect(output).not.toContain('user-42-xyz');
      expect(output).toContain(REDACTED);
    }
    expect(text).toContain(TOKEN.slice(0, 10)); // only whole secrets go: a log stays readable
  });

  it('redacts secrets added at run time from then on', () => {
    const dir = home();
    const log = createAppLogger({ home: dir, echo: null });
    log.info(`before: ${TOKEN}`); // not known yet, and no label: written as is
    log.addSecrets([TOKEN]);
    log.info(`after: ${TOKEN}`);
    log.close();
    const lines = allLogs(dir).trim().split('\n');
    expect(lines[0]).toContain(TOKEN);
    expect(lines[1]).toMatch(/INFO {2}after: \[redacted\]$/);
  });

  it('writes one timestamped line per message: line breaks in a message cannot forge lines', () => {
    const dir = home();
    const log = createAppLogger({ home: dir, echo: null, now: () => Date.UTC(2025, 0, 2, 3, 4, 5) });
    log.warn('one\n2025-01-01T00:00:00.000Z INFO  forged');
    log.close();
    expect(allLogs(dir)).toBe('2025-01-02T03:04:05.000Z WARN  one\\n2025-01-01T00:00:00.000Z INFO  forged\n');
  });

  it('keeps logging to the console when the folder cannot be written', () => {
    const dir = home();
    writeFileSync(join(dir, 'logs'), 'a file where the folder should be');
    const echo = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const log = createAppLogger({ home: dir, echo, secrets: [TOKEN] });
    expect(() => log.info(`hello ${TOKEN}`)).not.toThrow();
    expect(() => log.info('again')).not.toThrow();
    expect(echo.info.mock.calls).toEqual([[`hello ${REDACTED}`], ['again']]);
    expect(echo.error).toHaveBeenCalledOnce();
  });

  it('files are readable by the user only', () => {
    if (process.platform === 'win32') return;
    const dir = home();
    const log = createAppLogger({ home: dir, echo: null });
    log.info('x');
    log.close();
    expect(statSync(log.file).mode & 0o777).toBe(0o600);
    chmodSync(log.file, 0o644); // and appending to an existing file works
    const again = createAppLogger({ home: dir, echo: null });
    again.info('y');
    again.close();
    expect(readFileSync(log.file, 'utf8').split('\n')).toHaveLength(3);
  });
});

describe('Redactor patterns', () => {
  const r = new Redactor();
  it.each([
    ['sign: 5d41402abc4b2a76b9719d911017c592', `sign: ${REDACTED}`],
    ['headers { sign=5d41402abc4b2a76b9719d911017c592, merchant: 7 }', `headers { sign=${REDACTED}, merchant: 7 }`],
    ['wss://x.example/ws?token=deadbeefcafe&lang=en', `wss://x.example/ws?token=${REDACTED}&lang=en`],
    ['{"apiKey":"abc\\"def","ok":true}', `{"apiKey":"${REDACTED}","ok":true}`],
    ["{ 'api_key': 'zzz' }", `{ 'api_key': '${REDACTED}' }`],
    ['{"Token": "t0k3n"}', `{"Token": "${REDACTED}"}`],
    ['Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig', `Authorization: Bearer ${REDACTED}`],
    ['auth with bearer abc.def-ghi', `auth with bearer ${REDACTED}`],
    ['password=hunter2 user=bob', `password=${REDACTED} user=bob`],
    ['coinking: BTC/USDT live, 12 ms', 'coinking: BTC/USDT live, 12 ms'],
  ])('%s', (input, expected) => {
    expect(r.redact(input)).toBe(expected);
  });

  it('removes a longer secret whole even when a shorter one is inside it', () => {
    const both = new Redactor(['abcd', 'xxabcdxx']);
    expect(both.redact('k=xxabcdxx')).toBe(`k=${REDACTED}`);
  });

  it('ignores secrets too short to search for', () => {
    expect(new Redactor(['ab', '  ']).redact('ab cd')).toBe('ab cd');
  });
});

describe('RotatingFile', () => {
  it('rotates by size and keeps at most maxFiles files, newest lines in the current one', () => {
    const dir = home();
    const file = new RotatingFile({ dir, maxBytes: 100, maxFiles: 3 });
    for (let i = 0; i < 40; i++) file.write(`line ${String(i).padStart(3, '0')} ${'x'.repeat(10)}\n`); // 20 bytes each
    file.close();
    expect(readdirSync(dir).sort()).toEqual(['vigil.1.log', 'vigil.2.log', 'vigil.log']);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(100);
    expect(readFileSync(file.fileAt(0), 'utf8').trim().split('\n').at(-1)).toMatch(/^line 039/);
    expect(readFileSync(file.fileAt(2), 'utf8')).toMatch(/^line 025/); // 25 oldest lines are gone
    expect(existsSync(file.fileAt(3))).toBe(false);
  });

  it('a line longer than the limit still gets written, alone in its file', () => {
    const dir = home();
    const file = new RotatingFile({ dir, maxBytes: 10, maxFiles: 2 });
    file.write('short\n');
    file.write(`${'y'.repeat(30)}\n`);
    file.close();
    expect(readFileSync(file.fileAt(0), 'utf8')).toBe(`${'y'.repeat(30)}\n`);
    expect(readFileSync(file.fileAt(1), 'utf8')).toBe('short\n');
  });

  it('refuses nonsensical limits', () => {
    expect(() => new RotatingFile({ dir: home(), maxBytes: 0 })).toThrow(/maxBytes/);
    expect(() => new RotatingFile({ dir: home(), maxFiles: 0 })).toThrow(/maxFiles/);
  });
});
