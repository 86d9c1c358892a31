/** Finding a free loopback port near the one asked for, to offer when it is taken. */
import net from 'node:net';

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The first free port in `from+1 … from+tries`, or undefined. */
export async function nextFreePort(from: number, host = '127.0.0.1', tries = 20): Promise<number | undefined> {
  for (let port = from + 1; port <= Math.min(65535, from + tries); port++) {
    if (await isFree(port, host)) return port;
  }
  return undefined;
}
