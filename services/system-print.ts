/**
 * Printing a file the way the user's system does: Windows' « Imprimer » verb (the PDF reader
 * prints to the default printer), CUPS' lp elsewhere. No shell: the path travels as an argument
 * or an environment variable, never inside a command line.
 */
import { execFile } from 'node:child_process';
import { AppError } from '../shared/result';

export interface PrintCommand {
  file: string;
  args: string[];
  env?: Record<string, string>;
}

export function printCommand(platform: NodeJS.Platform, path: string): PrintCommand {
  if (platform === 'win32') {
    return {
      file: 'powershell.exe',
      args: ['-NoProfile', '-NonInteractive', '-WindowStyle', 'Hidden', '-Command', 'Start-Process -FilePath $env:COMMISSION_PRINT_FILE -Verb Print'],
      env: { COMMISSION_PRINT_FILE: path },
    };
  }
  return { file: 'lp', args: ['--', path] };
}

export function printWithSystem(path: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const command = printCommand(platform, path);
  return new Promise((resolve, reject) => {
    execFile(command.file, command.args, { env: { ...process.env, ...command.env }, timeout: 60_000, windowsHide: true }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const reason = String(stderr).trim() || error.message;
      reject(new AppError('INTERNAL', `L'impression de « ${path} » n'a pas pu être lancée : ${reason}`));
    });
  });
}
