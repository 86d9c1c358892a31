/** A taken port: the receiver reports EADDRINUSE, the next free port is found, and a receiver starts there. */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nextFreePort, OtlpReceiver } from '../../../src/ingest/receiver';
import { post, startReceiver, type Running } from './helpers';

const servers: net.Server[] = [];
let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

function occupy(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen({ port, host: '127.0.0.1' }, () => {
      servers.push(s);
      resolve((s.address() as net.AddressInfo).port);
    });
  });
}

describe('port', () => {
  it('a taken port rejects start with EADDRINUSE; the next free port is offered and works', async () => {
    const taken = await occupy(0);
    const r = new OtlpReceiver({ port: taken, directory: '/nonexistent-never-written' });
    await expect(r.start()).rejects.toMatchObject({ code: 'EADDRINUSE' });

    // take the next one too: the offer skips it
    await occupy(taken + 1).catch(() => undefined);
    const next = await nextFreePort(taken);
    expect(next).toBeGreaterThan(taken + 1);
    running = await startReceiver({ port: next });
    expect(running.receiver.port).toBe(next);
    expect(running.url).toBe(`http://127.0.0.1:${next}`);
    const reply = await post(`${running.url}/v1/traces`, { 'Content-Type': 'application/json' }, Buffer.from('{}'));
    expect(reply.status).toBe(200);
  });

  it('listens on loopback only', async () => {
    running = await startReceiver();
    const addr = (running.receiver as unknown as { server: net.Server }).server.address() as net.AddressInfo;
    expect(addr.address).toBe('127.0.0.1');
  });
});

describe('host check', () => {
  it('answers 403 to a request addressed to another host name (DNS rebinding), serves loopback names', async () => {
    running = await startReceiver();
    const body = Buffer.from('{}');
    const as = (host: string) => post(`${running!.url}/v1/traces`, { 'Content-Type': 'application/json', Host: host }, body);
    const rebound = await as(`evil.example:${running.receiver.port}`);
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body.toString()).message).toMatch(/localhost or 127\.0\.0\.1/);
    for (const host of ['localhost:1234', `127.0.0.1:${running.receiver.port}`, '[::1]:4318', 'localhost']) {
      expect((await as(host)).status, host).toBe(200);
    }
  });
});
