import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import type { ContractHandlers } from '../shared/contract';
import { MAX_SAVE_BYTES } from './core/commands/requests';
import { silentLogger } from './core/log';
import { safeFileName, shellCommands, withShellCommands } from './shell-commands';

vi.mock('electron', () => {
  throw new Error('shell-commands.ts takes its Electron objects as arguments');
});

function setup(choice: { canceled: boolean; filePath?: string } = { canceled: false, filePath: '/home/u/Downloads/deals.csv' }) {
  const window = { isDestroyed: () => false } as unknown as BrowserWindow;
  const dialog = { showSaveDialog: vi.fn(async () => choice) };
  const writeFile = vi.fn(async () => {});
  const commands = shellCommands({ dialog: dialog as never, writeFile, window: () => window, defaultDir: '/home/u/Downloads' });
  // As the window sends it: through the shell's parser (the core behind it must never be asked).
  const core = { invoke: vi.fn(async () => Promise.reject(new Error('the core was asked'))), subscribe: () => () => {} };
  const contract = withShellCommands(core as unknown as ContractHandlers, commands, undefined, silentLogger);
  const save = (request: unknown) => contract.invoke('file.saveText', request as never);
  return { window, dialog, writeFile, save };
}

describe('file.saveText', () => {
  it('asks where to save, modal on the window, with a filter for the file type, then writes the text', async () => {
    const { window, dialog, writeFile, save } = setup();
    await expect(save({ fileName: 'deals.csv', text: 'a,b\n' })).resolves.toEqual({ saved: true, path: '/home/u/Downloads/deals.csv' });
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(window, {
      title: 'Save',
      defaultPath: '/home/u/Downloads/deals.csv',
      filters: [
        { name: 'CSV', extensions: ['csv'] },
        { name: 'All files', extensions: ['*'] },
      ],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    expect(writeFile).toHaveBeenCalledExactlyOnceWith('/home/u/Downloads/deals.csv', 'a,b\n');
  });

  it('a cancelled dialog writes nothing', async () => {
    const { writeFile, save } = setup({ canceled: true });
    await expect(save({ fileName: 'x.csv', text: 'x' })).resolves.toEqual({ saved: false, path: null });
    expect(writeFile).not.toHaveBeenCalled();
  });

  it('refuses a request without text, or too much of it', async () => {
    const { dialog, save } = setup();
    await expect(save({ fileName: 'x.csv' })).rejects.toMatchObject({ code: 'request.invalid', params: { command: 'file.saveText', field: 'text' } });
    await expect(save({ text: 'x' })).rejects.toMatchObject({ code: 'request.invalid', params: { command: 'file.saveText', field: 'fileName' } });
    await expect(save(null)).rejects.toMatchObject({ code: 'request.invalid', params: { command: 'file.saveText', field: 'request' } });
    await expect(save({ fileName: 'x.csv', text: 'x'.repeat(MAX_SAVE_BYTES + 1) })).rejects.toThrow(/too much/);
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('reports a failed write by file name and code, not the full path', async () => {
    const { writeFile, save } = setup();
    writeFile.mockRejectedValueOnce(Object.assign(new Error('EACCES: permission denied, open /home/u/Downloads/deals.csv'), { code: 'EACCES' }));
    await expect(save({ fileName: 'deals.csv', text: 'x' })).rejects.toThrow(/^Could not save deals\.csv \(EACCES\)\.$/);
  });

  it.each([
    ['deals.csv', 'deals.csv'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\x\\evil.bat', 'evil.bat'],
    ['..', 'vigil-export.txt'],
    ['.bashrc', 'bashrc'],
    ['a<b>:c|d?.csv', 'a_b__c_d_.csv'],
    ['line\nbreak.csv', 'linebreak.csv'],
    [42, 'vigil-export.txt'],
  ])('suggests a plain file name: %j → %s', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });
});

describe('withShellCommands', () => {
  it('answers its own commands, passes the rest to the core, and lets the shell see replies', async () => {
    const core = { invoke: vi.fn(async () => ({ paused: true })), subscribe: vi.fn(() => () => {}) };
    const observe = vi.fn();
    const own = vi.fn(async () => ({ saved: false, path: null }));
    const contract = withShellCommands(core as unknown as ContractHandlers, { 'file.saveText': own }, observe);
    await expect(contract.invoke('file.saveText', { fileName: 'a', text: 'b' })).resolves.toEqual({ saved: false, path: null });
    expect(core.invoke).not.toHaveBeenCalled();
    await expect(contract.invoke('alerts.pause', { paused: true })).resolves.toEqual({ paused: true });
    expect(core.invoke).toHaveBeenCalledWith('alerts.pause', { paused: true });
    expect(observe.mock.calls).toEqual([
      ['file.saveText', { saved: false, path: null }],
      ['alerts.pause', { paused: true }],
    ]);
    const listener = () => {};
    contract.subscribe(listener);
    expect(core.subscribe).toHaveBeenCalledWith(listener);
  });
});
