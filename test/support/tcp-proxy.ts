/**
 * A TCP proxy on 127.0.0.1 for cutting a connection the way a network does: the client talks to
 * the proxy, the proxy to the server; {@link TcpProxy.cut} destroys every open connection and
 * refuses new ones for a while, with the server still running.
 */
import net from 'node:net';

export class TcpProxy {
  private readonly sockets = new Set<net.Socket>();
  private downUntil = 0;
  private server: net.Server | undefined;
  port = 0;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      if (Date.now() < this.downUntil) return void client.destroy();
      const upstream = net.connect(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /** Breaks every connection now and refuses new ones for `ms`. */
  cut(ms: number): void {
    this.downUntil = Date.now() + ms;
    for (const s of this.sockets) s.destroy();
  }

  /** Open connections now. */
  get connections(): number {
    return this.sockets.size / 2;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
