import net from 'node:net';

/**
 * A hand-driven SMTP session over a plain socket: says exactly what a test
 * wants and returns every reply line, so codes (250, 550, 552) can be checked.
 */
export async function rawSmtpSession(port: number, steps: { mailFrom: string; rcptTo: string[]; data: string | Buffer }) {
  const socket = net.connect(port, '127.0.0.1');
  let buffer = '';
  const pending: ((line: string) => void)[] = [];
  const lines: string[] = [];
  socket.on('data', (chunk) => {
    buffer += chunk.toString('latin1');
    let i;
    while ((i = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      // Multi-line replies ("250-...") end with a line whose fourth character is a space.
      if (line[3] === '-') continue;
      const waiter = pending.shift();
      if (waiter) waiter(line); else lines.push(line);
    }
  });
  const reply = () => new Promise<string>((resolve) => { const l = lines.shift(); if (l !== undefined) resolve(l); else pending.push(resolve); });
  const send = async (command: string | Buffer) => { socket.write(command); return reply(); };
  const transcript: string[] = [];
  transcript.push(await reply());
  transcript.push(await send('EHLO tester.local\r\n'));
  transcript.push(await send(`MAIL FROM:<${steps.mailFrom}>\r\n`));
  const rcpt: string[] = [];
  for (const to of steps.rcptTo) rcpt.push(await send(`RCPT TO:<${to}>\r\n`));
  transcript.push(...rcpt);
  let data: string | null = null;
  if (rcpt.some((r) => r.startsWith('250'))) {
    const go = await send('DATA\r\n');
    transcript.push(go);
    if (go.startsWith('354')) {
      const body = Buffer.isBuffer(steps.data) ? steps.data : Buffer.from(steps.data, 'utf8');
      // Dot-stuffing: a line that starts with "." gets a second one.
      const stuffed = Buffer.from(body.toString('latin1').replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..'), 'latin1');
      data = await send(Buffer.concat([stuffed, Buffer.from('\r\n.\r\n')]));
      transcript.push(data);
    }
  }
  transcript.push(await send('QUIT\r\n'));
  socket.end();
  return { rcpt, data, transcript };
}
