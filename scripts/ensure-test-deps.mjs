// Makes sure the real components the tests drive are installed: Debian's chromium (browser tests),
// influxdb (influxd 1.x for integration tests), CJK fonts, python3, strace, nats-server and haproxy (cluster
// tests), openssl. Installs them with apt when missing; fails loudly otherwise.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needed = [
  { pkg: 'chromium', bin: '/usr/bin/chromium' },
  { pkg: 'influxdb', bin: '/usr/bin/influxd' },
  // Chinese plates and site names must render in the screenshots the browser tests save.
  { pkg: 'fonts-noto-cjk', bin: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc' },
  // The serial-port collector test holds a pseudo-terminal's master side with Python's pty module.
  { pkg: 'python3', bin: '/usr/bin/python3' },
  // The serial-port test reads the termios request a port open makes (a pty cannot show parity).
  { pkg: 'strace', bin: '/usr/bin/strace' },
  // Cluster mode: real JetStream brokers and a real load balancer in front of the nodes.
  { pkg: 'nats-server', bin: '/usr/sbin/nats-server' },
  { pkg: 'haproxy', bin: '/usr/sbin/haproxy' },
  // The e-mail channel test makes a throw-away certificate for its STARTTLS SMTP server.
  { pkg: 'openssl', bin: '/usr/bin/openssl' },
];
const missing = needed.filter((n) => !existsSync(n.bin));
if (missing.length === 0) {
  console.log(`test dependencies present: ${needed.map((n) => n.pkg).join(', ')}`);
  process.exit(0);
}
const pkgs = missing.map((m) => m.pkg);
const asRoot = process.getuid?.() === 0;
const prefix = asRoot ? [] : ['sudo', '-n'];
console.log(`installing ${pkgs.join(', ')} with apt-get (needed by the integration and browser tests)…`);
try {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => {
    const [cmd, ...rest] = [...prefix, ...args];
    execFileSync(cmd, rest, { stdio: 'inherit', env });
  };
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', '--no-install-recommends', ...pkgs]);
} catch (e) {
  console.error(
    `\nCould not install ${pkgs.join(', ')}: ${e.message}\nInstall them yourself (apt-get install ${pkgs.join(' ')}) and run the tests again.`,
  );
  process.exit(1);
}
for (const m of missing) {
  if (!existsSync(m.bin)) {
    console.error(`${m.pkg} was installed but ${m.bin} is still missing`);
    process.exit(1);
  }
}
