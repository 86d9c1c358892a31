/** Facts about the machine and workspace a run needs: node's version, a workspace tsx. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** `node --version` of the node on PATH, or undefined when there is none. */
export function nodeVersion(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('node', ['--version'], { env, timeout: 10_000, windowsHide: true }, (err, stdout) => {
      resolve(err ? undefined : stdout.trim() || undefined);
    });
  });
}

/**
 * tsx's CLI script from the nearest node_modules between the file and the workspace root
 * (run with `node <cli>`, which works the same on every platform, unlike .bin shims).
 */
export function findTsxCli(fileDir: string, root: string): string | undefined {
  let dir = path.resolve(fileDir);
  const top = path.resolve(root);
  for (;;) {
    const pkg = path.join(dir, 'node_modules', 'tsx', 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        const bin = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { bin?: string | Record<string, string> }).bin;
        const rel = typeof bin === 'string' ? bin : bin?.tsx;
        if (rel) return path.join(path.dirname(pkg), rel);
      } catch {
        // an unreadable package.json: look further up
      }
    }
    const up = path.dirname(dir);
    if (dir === top || up === dir || !dir.startsWith(top)) return undefined;
    dir = up;
  }
}

/** Bundled files a run needs that are missing (a development build without the SDK built). */
export function missingFiles(files: string[]): string[] {
  return files.filter((f) => !fs.existsSync(f));
}
