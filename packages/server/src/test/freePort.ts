import net from 'node:net';

/** A port the system just handed out (browser tests' servers, the IMAP tests' dovecot): a fixed range would meet NATS (4222) or RabbitMQ's epmd (4369) on this machine. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
