import { describe, expect, it } from 'vitest';
import { bestSourceMatches, sharedTail, sourceBaseName } from '../../src/core/source-match';

describe('source path matching', () => {
  it('counts shared trailing segments across separators', () => {
    expect(sharedTail('/app/src/agent/tools.py', '/home/me/proj/src/agent/tools.py')).toBe(3);
    expect(sharedTail('C:\\work\\proj\\src\\main.ts', '/ws/proj/src/main.ts')).toBe(3);
    expect(sharedTail('/a/b/c.py', '/a/b/d.py')).toBe(0);
  });

  it('picks the longest suffix among candidates', () => {
    const m = bestSourceMatches('/build/ci/repo/services/search/handler.py', [
      '/ws/services/index/handler.py',
      '/ws/services/search/handler.py',
      '/ws/handler.py',
    ]);
    expect(m).toEqual({ score: 3, best: ['/ws/services/search/handler.py'] });
  });

  it('returns every candidate of a tie, so the user can be asked', () => {
    const m = bestSourceMatches('/container/app/main.py', ['/ws/a/main.py', '/ws/b/main.py']);
    expect(m.score).toBe(1);
    expect(m.best).toEqual(['/ws/a/main.py', '/ws/b/main.py']);
  });

  it('finds nothing when no file name matches', () => {
    expect(bestSourceMatches('/x/y/z.py', ['/ws/z.ts', '/ws/y/zz.py'])).toEqual({ score: 0, best: [] });
  });

  it('gives the base name for a first search', () => {
    expect(sourceBaseName('C:\\a\\b\\run.py')).toBe('run.py');
    expect(sourceBaseName('')).toBeUndefined();
  });
});
