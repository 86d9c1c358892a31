// The OTLP receiver in a real VS Code: started from the palette, the status bar says where it
// listens, an OTLP/HTTP JSON export (as any OpenTelemetry exporter sends it) lands in the
// workspace's .spanscope/ folder and shows in the tree, and Stop closes the port.
import http from 'node:http';
import net from 'node:net';

/** A port free right now on 127.0.0.1, for the receiver setting. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function post(port, body) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request({ host: '127.0.0.1', port, path: '/v1/traces', method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': data.length } }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

function exportRequest(name) {
  const traceId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
  const t0 = BigInt(Date.now()) * 1_000_000n;
  const ns = (ms) => String(t0 + BigInt(ms) * 1_000_000n);
  const attr = (key, value) => ({ key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value } });
  return {
    resourceSpans: [{
      resource: { attributes: [attr('service.name', 'otel-e2e')] },
      scopeSpans: [{
        scope: { name: 'e2e' },
        spans: [
          { traceId, spanId: '1111111111111111', name, kind: 1, startTimeUnixNano: ns(0), endTimeUnixNano: ns(300), status: { code: 1 } },
          { traceId, spanId: '2222222222222222', parentSpanId: '1111111111111111', name: 'chat gpt-4o-mini', kind: 3,
            startTimeUnixNano: ns(20), endTimeUnixNano: ns(280), status: { code: 1 },
            attributes: [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.request.model', 'gpt-4o-mini'),
              attr('gen_ai.usage.input_tokens', 42), attr('gen_ai.usage.output_tokens', 7)] },
        ],
      }],
    }],
  };
}

export async function receiverSteps(vsc, { port, row, snap }) {
  const { page } = vsc;
  const status = page.locator('.statusbar-item', { hasText: `OTLP :${port}` }).first();
  await vsc.runCommand('Spanscope: Start OTLP Receiver');
  await status.waitFor({ timeout: 30_000 });
  const res = await post(port, exportRequest('otel_pipeline_e2e'));
  if (res.status !== 200) throw new Error(`POST /v1/traces answered ${res.status}: ${res.text}`);
  // The tree is virtualized and the new file may sort below the fold: filter to it.
  await vsc.view('Spanscope');
  await vsc.runCommand('Spanscope: Filter by Name…');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill('otel_pipeline');
  await page.keyboard.press('Enter');
  await row('otel_pipeline_e2e').waitFor({ timeout: 30_000 });
  await page.locator('.statusbar-item', { hasText: `OTLP :${port} · 2 spans` }).first().waitFor({ timeout: 10_000 });
  await snap('receiver-listening');
  await vsc.runCommand('Spanscope: Clear Name Filter');
  await vsc.runCommand('Spanscope: Stop OTLP Receiver');
  await status.waitFor({ state: 'hidden', timeout: 10_000 });
  const refused = await post(port, exportRequest('after_stop')).then(() => false, (err) => err.code === 'ECONNREFUSED');
  if (!refused) throw new Error(`port ${port} still answers after Stop OTLP Receiver`);
}
