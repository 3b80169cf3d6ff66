// Runs before `npm test`: the end-to-end and PDF tests need Debian's Chromium, poppler and qpdf.
// Installs them when missing and we are root (CI, fresh machines); otherwise says what to install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needed = [
  { pkg: 'chromium', file: '/usr/bin/chromium' },
  { pkg: 'poppler-utils', file: '/usr/bin/pdftotext' },
  { pkg: 'qpdf', file: '/usr/bin/qpdf' },
];

const missing = needed.filter((n) => !existsSync(n.file)).map((n) => n.pkg);
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
