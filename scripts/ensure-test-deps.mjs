// Runs before `npm test`: the end-to-end and PDF tests need Debian's Chromium, poppler and qpdf,
// team mode's tests Debian's PostgreSQL.
// Installs them when missing and we are root (CI, fresh machines); otherwise says what to install.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

// Team mode's tests start a throwaway PostgreSQL cluster from Debian's package.
const postgresInstalled = () =>
  existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`));

const needed = [
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'poppler-utils', present: () => existsSync('/usr/bin/pdftotext') },
  { pkg: 'qpdf', present: () => existsSync('/usr/bin/qpdf') },
  { pkg: 'postgresql', present: postgresInstalled },
];

const missing = needed.filter((n) => !n.present()).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !existsSync('/usr/bin/apt-get')) {
  console.error(`Les tests ont besoin de : ${missing.join(', ')}.\nInstallez-les puis relancez npm test :\n  sudo ${command}`);
  process.exit(1);
}

console.log(`Installation des dépendances de test : ${missing.join(', ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', ...missing], { stdio: 'inherit', env });
