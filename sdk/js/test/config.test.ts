/** Configuration from the environment, the enabled switch, records larger than a batch. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { configFromEnv } from '../src/config';
import { configure, flush, span, observe, currentSpan } from '../src/index';
import { readRecords, tmpDir, checkFile } from './helpers';

describe('environment', () => {
  it('reads file, service, enabled, sample rate, rate limit and OTLP settings', () => {
    const c = configFromEnv({
      SPANSCOPE_FILE: 'out/t.jsonl', SPANSCOPE_SERVICE: 'svc', SPANSCOPE_ENABLED: 'false', SPANSCOPE_SAMPLE_RATE: '0.25',
      SPANSCOPE_MAX_TRACES_PER_SECOND: '7', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/', OTEL_EXPORTER_OTLP_HEADERS: 'x-key=a%3Db,other=2',
    });
    expect(c).toMatchObject({ file: path.resolve('out/t.jsonl'), service: 'svc', enabled: false, sampleRate: 0.25, maxTracesPerSecond: 7, otlpEndpoint: 'http://collector:4318/v1/traces', otlpHeaders: { 'x-key': 'a=b', other: '2' } });
  });

  it('defaults: traces.jsonl in the working directory, enabled, everything sampled; nonsense values fall back', () => {
    expect(configFromEnv({})).toMatchObject({ file: path.resolve('traces.jsonl'), enabled: true, sampleRate: 1, maxTracesPerSecond: 0, otlpEndpoint: undefined });
    expect(configFromEnv({ SPANSCOPE_SAMPLE_RATE: 'lots', SPANSCOPE_ENABLED: '' })).toMatchObject({ sampleRate: 1, enabled: true });
    expect(configFromEnv({ SPANSCOPE_SAMPLE_RATE: '7' }).sampleRate).toBe(1);
    expect(configFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://x/custom' }).otlpEndpoint).toBe('http://x/custom');
  });
});

describe('switches and sizes', () => {
  it('disabled: functions still run and return, nothing is written', async () => {
    const file = path.join(tmpDir(), 'off.jsonl');
    configure({ file, enabled: false });
    const double = observe((x: number) => x * 2, { name: 'double' });
    expect(span('x', () => double(21))).toBe(42);
    expect(currentSpan().isRecording).toBe(false);
    await flush();
    expect(fs.existsSync(file)).toBe(false);
    configure({ enabled: true });
  });

  it('a record larger than a batch (1 MiB) is written whole, alone, between the others', async () => {
    const file = path.join(tmpDir(), 'big.jsonl');
    configure({ file });
    const big = 'é'.repeat(1_500_000);
    span('root', () => {
      span('before', () => undefined);
      span('big', (s) => s.setOutputs({ text: big }));
      span('after', () => undefined);
    });
    await flush();
    expect(checkFile(file)).toEqual([]);
    const recs = readRecords(file);
    expect(recs.map((r) => r.name)).toEqual(['before', 'big', 'after', 'root']);
    expect((recs[1].outputs as { text: string }).text).toBe(big);
  });

  it('captureInput/captureOutput off records neither', async () => {
    const file = path.join(tmpDir(), 'cap.jsonl');
    configure({ file });
    const secret = observe((password: string) => password.length, { name: 'secret', captureInput: false, captureOutput: false });
    expect(secret('hunter2')).toBe(7);
    await flush();
    const rec = readRecords(file)[0];
    expect(rec.inputs).toBeUndefined();
    expect(rec.outputs).toBeUndefined();
  });
});
