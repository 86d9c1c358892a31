/** The environment building of both commands, as pure functions, checked against real node where quoting matters. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dotEnvWithPythonPath, nodeOptionArg, nodeOptionsWithRegister, nodeRunEnv, prependPathList, pythonRunEnv, serviceName } from '../../src/extension/setup/env';
import { bundledSdks } from '../../src/extension/setup/paths';
import { canStripTypes, languageOf, planRun } from '../../src/extension/setup/run-plan';
import { run, tmpDir, write } from './helpers';

describe('PYTHONPATH and friends', () => {
  it('puts ours first and keeps the existing entries, on POSIX and Windows separators', () => {
    expect(prependPathList(['/ext/boot', '/ext/sdk'], '/home/u/lib:/opt/x', ':')).toBe('/ext/boot:/ext/sdk:/home/u/lib:/opt/x');
    expect(prependPathList(['C:\\ext\\boot'], 'C:\\lib;D:\\y', ';')).toBe('C:\\ext\\boot;C:\\lib;D:\\y');
    expect(prependPathList(['/a'], undefined, ':')).toBe('/a');
    // running twice (or a .env already holding it) adds nothing, empty parts are dropped
    expect(prependPathList(['/a', '/b'], '/a::/c:', ':')).toBe('/a:/b:/c');
  });

  it('builds the Python run environment', () => {
    const sdks = bundledSdks('/ext');
    const env = pythonRunEnv({ sdks, file: '/w/agent.py', tracesFile: '/w/traces.jsonl', base: { PYTHONPATH: '/mine' }, sep: ':' });
    expect(env).toEqual({
      SPANSCOPE_FILE: '/w/traces.jsonl',
      SPANSCOPE_SERVICE: 'agent',
      PYTHONPATH: [sdks.pythonBootstrap, sdks.python, '/mine'].join(':'),
    });
    expect(path.basename(sdks.pythonBootstrap)).toBe('autotrace');
  });

  it('names the service after the file', () => {
    expect(serviceName('/w/rag_agent.py')).toBe('rag_agent');
    expect(serviceName('/w/app.test.mts')).toBe('app.test');
    expect(serviceName('/w/.hidden')).toBe('.hidden');
  });
});

describe('NODE_OPTIONS', () => {
  it('appends the preload once, after the user\'s options', () => {
    expect(nodeOptionsWithRegister(undefined, '/ext/r.cjs')).toBe('--require /ext/r.cjs');
    expect(nodeOptionsWithRegister('--max-old-space-size=512', '/ext/r.cjs')).toBe('--max-old-space-size=512 --require /ext/r.cjs');
    expect(nodeOptionsWithRegister('--inspect --require /ext/r.cjs', '/ext/r.cjs')).toBe('--inspect --require /ext/r.cjs');
  });

  it('quotes paths so node reads them back exactly (spaces, quotes, backslashes)', () => {
    expect(nodeOptionArg('/plain/path.cjs')).toBe('/plain/path.cjs');
    expect(nodeOptionArg('C:\\Users\\A B\\r.cjs')).toBe('"C:\\\\Users\\\\A B\\\\r.cjs"');
    for (const name of ['with space', 'quote"d', 'back\\slash']) {
      const dir = tmpDir();
      const preload = path.join(dir, name, 'pre.cjs');
      write(preload, 'globalThis.PRELOADED = __filename;\n');
      const env = { NODE_OPTIONS: nodeOptionsWithRegister('--max-old-space-size=256', preload) };
      const r = run(process.execPath, ['-e', 'console.log(globalThis.PRELOADED)'], dir, env);
      expect(r.stderr, name).toBe('');
      expect(r.stdout.trim(), name).toBe(preload);
    }
  });

  it('builds the Node run environment', () => {
    const sdks = bundledSdks('/ext');
    const env = nodeRunEnv({ sdks, file: '/w/app.ts', tracesFile: '/w/traces.jsonl', base: { NODE_OPTIONS: '--enable-source-maps' }, sep: ':' });
    expect(env).toEqual({ SPANSCOPE_FILE: '/w/traces.jsonl', SPANSCOPE_SERVICE: 'app', NODE_OPTIONS: `--enable-source-maps --require ${sdks.jsRegister}` });
  });
});

describe('.env for the Python extension', () => {
  it('adds a PYTHONPATH line, keeping the other lines and the line endings', () => {
    expect(dotEnvWithPythonPath(undefined, '/ext/py', ':')).toBe('PYTHONPATH=/ext/py\n');
    expect(dotEnvWithPythonPath('API_KEY=x\n\n', '/ext/py', ':')).toBe('API_KEY=x\nPYTHONPATH=/ext/py\n');
    expect(dotEnvWithPythonPath('A=1\r\nB=2\r\n', 'C:\\ext\\py', ';')).toBe('A=1\r\nB=2\r\nPYTHONPATH=C:\\ext\\py\r\n');
  });

  it('prepends to an existing PYTHONPATH and leaves it alone when it already holds ours', () => {
    expect(dotEnvWithPythonPath('A=1\nPYTHONPATH=src:lib\n', '/ext/py', ':')).toBe('A=1\nPYTHONPATH=/ext/py:src:lib\n');
    expect(dotEnvWithPythonPath('export PYTHONPATH="src"\n', '/ext/py', ':')).toBe('export PYTHONPATH=/ext/py:src\n');
    expect(dotEnvWithPythonPath('PYTHONPATH=/ext/py:src\n', '/ext/py', ':')).toBeUndefined();
  });
});

describe('run plan', () => {
  const sdks = bundledSdks('/ext');
  const base = { cwd: '/w', tracesFile: '/w/traces.jsonl', sdks, base: {}, sep: ':', python: '/venv/bin/python', nodeVersion: 'v20.11.0' };

  it('knows the languages by extension', () => {
    expect(['a.py', 'b.mjs', 'c.cjs', 'd.js', 'e.ts', 'f.mts', 'g.md'].map(languageOf)).toEqual(['python', 'javascript', 'javascript', 'javascript', 'typescript', 'typescript', undefined]);
  });

  it('runs Python with the selected interpreter and JS with node', () => {
    const py = planRun({ ...base, file: '/w/a.py' });
    expect(py).toMatchObject({ ok: true, command: '/venv/bin/python', args: ['/w/a.py'], cwd: '/w' });
    const js = planRun({ ...base, file: '/w/a.mjs' });
    expect(js).toMatchObject({ ok: true, command: 'node', args: ['/w/a.mjs'] });
    expect(js.ok && js.env.NODE_OPTIONS).toBe(`--require ${sdks.jsRegister}`);
  });

  it('runs TypeScript with the workspace tsx, else by stripping types on Node 22.6+, else says what is needed', () => {
    expect(planRun({ ...base, file: '/w/a.ts', tsxCli: '/w/node_modules/tsx/dist/cli.mjs' })).toMatchObject({ ok: true, command: 'node', args: ['/w/node_modules/tsx/dist/cli.mjs', '/w/a.ts'] });
    expect(planRun({ ...base, file: '/w/a.ts', nodeVersion: 'v22.6.0' })).toMatchObject({ ok: true, args: ['--experimental-strip-types', '/w/a.ts'] });
    const no = planRun({ ...base, file: '/w/a.ts', nodeVersion: 'v20.11.0\n' });
    expect(no).toEqual({ ok: false, message: 'a.ts: running TypeScript needs tsx in the workspace (`npm install --save-dev tsx`) or Node.js 22.6 or later (this is v20.11.0).' });
    expect(planRun({ ...base, file: '/w/a.js', nodeVersion: undefined })).toMatchObject({ ok: false, message: expect.stringContaining('no `node` found') });
    expect(planRun({ ...base, file: '/w/notes.md' })).toMatchObject({ ok: false });
    expect([canStripTypes('v22.5.1'), canStripTypes('v22.6.0'), canStripTypes('v23.0.0'), canStripTypes('junk')]).toEqual([false, true, true, false]);
  });
});
