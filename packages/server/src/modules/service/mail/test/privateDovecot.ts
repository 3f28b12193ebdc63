import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../../test/freePort.ts';

export const DOVECOT_BINARY = '/usr/sbin/dovecot';


async function waitForGreeting(port: number, deadline: number, log: string) {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('data', (d) => { socket.destroy(); resolve(d.toString().startsWith('* OK')); });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not answer on ${port}: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : 'no log'}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A dovecot of the test's own: config, runtime and maildirs under a temp
 * folder, IMAP on a free loopback port, plain-text login for its one user.
 * Started in the foreground as a child of the test and stopped by its pid;
 * the system's dovecot service is neither read nor touched.
 */
export async function startPrivateDovecot(users: { user: string; password: string }[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vefa-dovecot-'));
  const port = await freePort();
  const mail = path.join(dir, 'mail');
  fs.mkdirSync(mail);
  fs.mkdirSync(path.join(dir, 'run'));
  fs.mkdirSync(path.join(dir, 'state'));
  // Mail is owned by the unprivileged "dovecot" user: dovecot will not keep mail as root.
  const uid = uidOf('dovecot');
  const gid = gidOf('dovecot');
  fs.chownSync(mail, uid, gid);
  fs.chmodSync(dir, 0o755);
  const log = path.join(dir, 'dovecot.log');
  fs.writeFileSync(path.join(dir, 'users'), users.map((u) => `${u.user}:{PLAIN}${u.password}::::::`).join('\n') + '\n');
  const conf = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(conf, `
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = vefa-test-${path.basename(dir)}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = ${log}
mail_location = maildir:${mail}/%u
first_valid_uid = ${uid}
last_valid_uid = ${uid}
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${mail}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`);
  const child: ChildProcess = spawn(DOVECOT_BINARY, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
  try {
    await waitForGreeting(port, Date.now() + 15_000, log);
  } catch (error) {
    child.kill('SIGTERM');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output}`);
  }
  return {
    host: '127.0.0.1',
    port,
    dir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function uidOf(user: string): number {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`no system user ${user} (is dovecot-imapd installed?)`);
  return Number(line.split(':')[2]);
}

function gidOf(user: string): number {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`no system user ${user}`);
  return Number(line.split(':')[3]);
}
