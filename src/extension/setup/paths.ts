/** Where the bundled SDKs live inside the installed extension (or the repository, in development). */
import path from 'node:path';

export interface BundledSdks {
  /** folder to put on PYTHONPATH: holds the `spanscope` package */
  python: string;
  /** folder holding sitecustomize.py, first on PYTHONPATH for "Run File with Tracing" */
  pythonBootstrap: string;
  /** the `spanscope` npm package (package.json + dist/) */
  js: string;
  /** the preload given to node with --require */
  jsRegister: string;
}

export function bundledSdks(extensionRoot: string): BundledSdks {
  const python = path.join(extensionRoot, 'sdk', 'python');
  const js = path.join(extensionRoot, 'sdk', 'js');
  return {
    python,
    pythonBootstrap: path.join(python, 'spanscope', 'autotrace'),
    js,
    jsRegister: path.join(js, 'dist', 'autotrace.cjs'),
  };
}
