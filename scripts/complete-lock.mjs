// Completes package-lock.json with entries for optional platform packages (e.g. rollup's
// @rollup/rollup-<os>-<cpu>) that the registry in use does not serve. npm 11 writes no entry
// for an optional package it could not fetch, then `npm ci` rejects that same lock as out of
// sync (npm/cli#9846). An entry holding the package's os/cpu/libc, without a tarball, lets
// `npm ci` check the lock and skip the package on every platform it does not fit.
// Run after `npm install` changes the lock: node scripts/complete-lock.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const lockFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
const pkgs = lock.packages;

const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'win32', 'sunos', 'aix', 'netbsd'];
const CPU = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el'];

/** os/cpu/libc from a platform package's name: `<scope>/<pkg>-<os>-<cpu>[-<abi>]`. */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const i = parts.findIndex((p) => OS.includes(p));
  if (i < 0 || !CPU.includes(parts[i + 1])) return undefined;
  const abi = parts.slice(i + 2).join('-');
  const libc = parts[i] === 'linux' ? (/musl/.test(abi) ? 'musl' : 'glibc') : undefined;
  return { os: [parts[i]], cpu: [parts[i + 1]], ...(libc ? { libc: [libc] } : {}) };
}

let added = 0;
for (const [where, meta] of Object.entries(pkgs)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${where ? `${where}/` : ''}node_modules/${dep}`;
    if (pkgs[nested] || pkgs[`node_modules/${dep}`]) continue;
    const platform = platformOf(dep);
    if (!platform) {
      console.warn(`skipped ${dep}: not a platform package, no entry added`);
      continue;
    }
    pkgs[`node_modules/${dep}`] = { version, ...platform, dev: meta.dev, license: meta.license, optional: true };
    added++;
  }
}
// npm keeps `packages` sorted by path
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(lockFile, JSON.stringify(lock, null, 2) + '\n');
console.log(`package-lock.json: ${added} optional platform entr${added === 1 ? 'y' : 'ies'} added`);
