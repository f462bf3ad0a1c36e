// The layer rules of docs/architecture.md, proven against the real lint config: a wrong import fails `npm test`.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'vigil/layers').map((m) => m.message);
}

describe('layer rules', () => {
  it('fail any file under src/main/core that imports electron', async () => {
    expect(await errorsFor('src/main/core/connection/connection.ts', "import 'electron';\n")).toHaveLength(1);
    expect(await errorsFor('src/main/core/anything-new.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await errorsFor('src/main/core/x.ts', "import { ipcMain } from 'electron/main';\nexport const a = ipcMain;\n")).toHaveLength(1);
    expect(await errorsFor('src/main/core/x.ts', "export const load = () => import('electron');\n")).toHaveLength(1);
  });

  it('fail a core file reaching into the shell or the UI', async () => {
    expect(await errorsFor('src/main/core/x.ts', "import '../ipc-transport';\n")).toHaveLength(1);
    expect(await errorsFor('src/main/core/x.ts', "import '../../renderer/src/main';\n")).toHaveLength(1);
    expect(await errorsFor('src/main/core/a/b/x.ts', "export * from '../../../window';\n")).toHaveLength(1);
    expect(await errorsFor('src/main/core/a/x.ts', "import '../../../shared/model';\nimport '../log';\nimport 'ws';\n")).toHaveLength(0);
  });

  it('keep the preload to src/shared and electron', async () => {
    expect(await errorsFor('src/preload/x.ts', "import '../main/core/create-core';\n")).toHaveLength(1);
    expect(await errorsFor('src/preload/x.ts', "import { contextBridge } from 'electron';\nimport '../shared/contract';\nexport const c = contextBridge;\n")).toHaveLength(0);
  });

  it('keep the renderer to src/shared and its own files', async () => {
    expect(await errorsFor('src/renderer/src/x.ts', "import 'electron';\n")).toHaveLength(1);
    expect(await errorsFor('src/renderer/src/x.ts', "import '../../main/core/create-core';\n")).toHaveLength(1);
    expect(await errorsFor('src/renderer/src/x.ts', "import 'node:fs';\n")).toHaveLength(1);
    expect(await errorsFor('src/renderer/src/x.ts', "import 'path';\n")).toHaveLength(1);
    expect(await errorsFor('src/renderer/src/x.vue', "<script setup lang=\"ts\">\nimport { app } from 'electron';\nconsole.log(app);\n</script>\n")).toHaveLength(1);
    expect(await errorsFor('src/renderer/src/x.ts', "import type { Ticker } from '../../shared/model';\nexport type T = Ticker;\n")).toHaveLength(0);
  });

  it('keep test helpers (*.test-support.ts) out of the app', async () => {
    expect(await errorsFor('src/main/core/create-core.ts', "import { FAST } from './testing/adapter.test-support';\nexport const f = FAST;\n")).toHaveLength(1);
    expect(await errorsFor('src/main/core/coinking/adapter.ts', "export { recordingSink } from '../testing/adapter.test-support';\n")).toHaveLength(1);
    expect(await errorsFor('src/main/index.ts', "import './core/testing/fault-server.test-support';\n")).toHaveLength(1);
    expect(await errorsFor('src/main/core/coinking/focus.test.ts', "import { FAST } from '../testing/adapter.test-support';\nexport const f = FAST;\n")).toHaveLength(0);
    expect(await errorsFor('src/main/core/cryptomus/harness.test-support.ts', "import '../testing/adapter.test-support';\nimport '../simulators/cryptomus/simulator';\n")).toHaveLength(0);
  });

  it('let tests use vitest and Node, but not cross layers', async () => {
    expect(await errorsFor('src/preload/index.test.ts', "import { it } from 'vitest';\nimport 'node:path';\nit('x', () => {});\n")).toHaveLength(0);
    expect(await errorsFor('src/preload/x.test.ts', "import 'ws';\n")).toHaveLength(1);
    expect(await errorsFor('src/main/core/x.test.ts', "import 'electron';\n")).toHaveLength(1);
    expect(await errorsFor('src/main/core/x.test.ts', "import '../window';\n")).toHaveLength(1);
  });

  it('keep src/shared free of imports from outside itself', async () => {
    expect(await errorsFor('src/shared/x.ts', "import 'ws';\n")).toHaveLength(1);
    expect(await errorsFor('src/shared/x.ts', "import '../main/core/log';\n")).toHaveLength(1);
    expect(await errorsFor('src/shared/x.ts', "import type { Ticker } from './model';\nexport type T = Ticker;\n")).toHaveLength(0);
  });

  it('keep simulators and adapters apart in both directions (tests may meet them)', async () => {
    expect(await errorsFor('src/main/core/simulators/coinking/simulator.ts', "import '../../coinking/wire';\n")).toHaveLength(1);
    expect(await errorsFor('src/main/core/simulators/cryptomus/simulator.ts', "import { signBody } from '../../cryptomus/sign';\nexport const s = signBody;\n")).toHaveLength(1);
    expect(await errorsFor('src/main/core/simulators/itick/simulator.ts', "import '../../config';\n")).toHaveLength(1);
    // The adapters' wire-value toolkit is theirs: a server reads the wire by its own rules.
    expect(await errorsFor('src/main/core/simulators/cryptomus/simulator.ts', "import '../../wire/values';\nimport '../../wire/time';\n")).toHaveLength(2);
    expect(await errorsFor('src/main/core/coinking/adapter.ts', "import '../simulators/coinking/simulator';\n")).toHaveLength(1);
    expect(await errorsFor('src/main/core/itick/symbols.ts', "import '../simulators/random-walk';\n")).toHaveLength(1);
    expect(await errorsFor('src/main/core/simulators/itick/simulator.ts', "import '../random-walk';\nimport '../../wire/json';\nimport '../../../../shared/model';\n")).toHaveLength(0);
    expect(await errorsFor('src/main/core/coinking/adapter.test.ts', "import '../simulators/coinking/simulator';\n")).toHaveLength(0);
    expect(await errorsFor('src/main/core/simulators/itick/simulator.test.ts', "import '../../itick/index';\n")).toHaveLength(0);
  });
});
