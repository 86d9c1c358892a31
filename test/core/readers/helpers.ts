import path from 'node:path';
import type { Span } from '../../../src/core/model';

export const FORMATS_DIR = path.resolve(__dirname, '../../fixtures/formats');
export const fixture = (name: string): string => path.join(FORMATS_DIR, name);

export function byName(spans: Span[], name: string): Span {
  const found = spans.filter((s) => s.name === name);
  if (found.length !== 1) throw new Error(`expected one span named ${name}, got ${found.length}`);
  return found[0]!;
}
