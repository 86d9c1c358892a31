/**
 * What the member scan is told once per thread: the keys it labels with a code (and whether
 * their values are interned), and the byte strings `contains` looks for.
 */
import { KEY_SLOTS, MAX_CODE, MAX_KEY } from './memberLayout';

/** Byte strings `contains` looks for, registered once per thread: see `needle`. */
export const needles: Buffer[] = [];

/** The registered keys: name -> code, and the codes whose values are interned. */
export const keyCodes = new Map<string, number>();
export const internedCodes = new Set<number>();
let version = 0;

/** Bumped by every setKeys, so scanners write their tables again. */
export function keysVersion(): number {
  return version;
}

/**
 * Registers the keys whose members the scan labels with a code (1 to 63), and whether their
 * values are interned. Every key given must be ASCII, 1 to 16 bytes; a key registered again
 * must keep its code.
 */
export function setKeys(keys: ReadonlyArray<readonly [string, number, boolean?]>): void {
  for (const [name, code, interned] of keys) {
    if (name.length === 0 || name.length > MAX_KEY || !/^[\x20-\x7e]+$/.test(name) || name.includes('"') || name.includes('\\')) {
      throw new Error(`key "${name}" cannot be registered for the member scan`);
    }
    if (code < 1 || code > MAX_CODE) throw new Error(`key "${name}": codes are 1 to ${MAX_CODE}`);
    if (interned) internedCodes.add(code);
    const had = keyCodes.get(name);
    if (had !== undefined && had !== code) throw new Error(`key "${name}" is registered with code ${had}`);
    keyCodes.set(name, code);
  }
  if (keyCodes.size > (KEY_SLOTS * 3) / 4) throw new Error('too many keys for the member scan');
  version++;
}

/** The first slot probed for a key: the module's $keyCode computes the same. */
export function keySlot(name: string): number {
  return (name.charCodeAt(0) * 7 + name.charCodeAt(name.length - 1) * 3 + name.length) & (KEY_SLOTS - 1);
}

/** A needle's number for MemberScanner.contains. */
export function needle(text: string): number {
  const b = Buffer.from(text);
  if (b.length < 2) throw new Error(`needle "${text}" is shorter than two bytes`);
  needles.push(b);
  return needles.length - 1;
}
