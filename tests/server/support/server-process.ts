import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../../support/fixtures.js';

/** `npm run server` in a child process, the way a deployment starts it (--silent: npm's own banner would come first on stdout). */
export function startServer(env: Record<string, string>) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(STRIPE_|TALKINGPHOTO_SERVER_|TALKINGPHOTO_ENTITLEMENT_|DATABASE_URL$|PORT$|HOST$)/.test(name)));
  const child = spawn('npm', ['run', '--silent', 'server'], { cwd: REPO_ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s\n${stderr}`)), 60_000);
    child.stdout.on('data', () => {
      const end = stdout.indexOf('\n');
      if (end === -1) return;
      clearTimeout(timer);
      resolve(stdout.slice(0, end));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before printing a URL\n${stderr}`));
    });
  });
  // A test that expects the exit never awaits the URL; one that awaits it still sees the rejection.
  firstLine.catch(() => undefined);
  // The whole process group: npm, its shell, tsx and the service.
  const stop = (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    return exited;
  };
  return { firstLine, exited, stop, stdout: () => stdout, stderr: () => stderr };
}
