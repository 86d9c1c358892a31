import { describe, expect, it } from 'vitest';
import { buildTraces } from '../../../src/core/tree';
import { markCriticalPath } from '../../../src/core/analysis/critical-path';
import type { Span } from '../../../src/core/model';
import { sp } from '../tree/helpers';

function path(spans: Span[]): string[] {
  const [trace] = buildTraces(spans);
  return markCriticalPath(trace).map((n) => n.span.id);
}

function marked(spans: Span[]): string[] {
  const [trace] = buildTraces(spans);
  return trace.nodes.filter((n) => n.onCriticalPath).map((n) => n.span.id);
}

describe('critical path', () => {
  it('follows a sequential chain', () => {
    expect(path([sp('r', null, 0, 100), sp('a', 'r', 0, 30), sp('b', 'r', 30, 60), sp('c', 'r', 60, 100)])).toEqual(['r', 'a', 'b', 'c']);
  });

  it('skips the longest child when it finished early (parallel children)', () => {
    // a is the longest (0-90) but b finished last (50-100); before b started at 50, the
    // child that finished last was c (10-40). a overlaps b's start and is not waited on.
    const spans = [sp('r', null, 0, 100), sp('a', 'r', 0, 90), sp('b', 'r', 50, 100), sp('c', 'r', 10, 40)];
    expect(path(spans)).toEqual(['r', 'c', 'b']);
    expect(marked(spans)).not.toContain('a');
  });

  it('descends into the chosen children', () => {
    const spans = [
      sp('r', null, 0, 100),
      sp('fan', 'r', 0, 100),
      sp('slow', 'fan', 5, 95), // the longest grandchild...
      sp('late', 'fan', 60, 99), // ...but this one finished last
      sp('x', 'late', 61, 70),
      sp('y', 'late', 70, 98),
      sp('early', 'fan', 1, 50),
    ];
    expect(path(spans)).toEqual(['r', 'fan', 'early', 'late', 'x', 'y']);
    expect(marked(spans)).not.toContain('slow');
  });

  it('treats several roots as children of the whole trace', () => {
    const spans = [sp('a', null, 0, 50), sp('b', null, 10, 80), sp('o', 'missing', 0, 5)];
    expect(path(spans)).toEqual(['o', 'b']);
  });

  it('picks a child that ends after its parent (clock skew) as the last to finish', () => {
    const spans = [sp('r', null, 0, 100), sp('a', 'r', 10, 120), sp('b', 'r', 0, 9)];
    expect(path(spans)).toEqual(['r', 'b', 'a']);
  });

  it('is recomputed from scratch', () => {
    const [trace] = buildTraces([sp('r', null, 0, 100), sp('a', 'r', 0, 90), sp('b', 'r', 50, 100)]);
    trace.nodes[1].onCriticalPath = true;
    markCriticalPath(trace);
    expect(trace.nodes.map((n) => n.onCriticalPath)).toEqual([true, false, true]);
  });

  it('counts a running child as ending at the trace’s latest known time', () => {
    // the running child 'live' (started at 30) is measured up to 95, the latest end seen
    const spans = [sp('r', null, 0), sp('done', 'r', 0, 95), sp('live', 'r', 30), sp('early', 'r', 5, 20)];
    expect(path(spans)).toEqual(['r', 'early', 'live']);
  });
});
