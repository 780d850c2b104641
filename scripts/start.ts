/**
 * `npm start`: builds what is missing or stale (cloud functions, H5), then runs the local runtime with demo data.
 * Open http://127.0.0.1:${PORT:-8080}/ in a browser.
 */
import { ensureFunctions, ensureH5 } from './lib/builds';
import { runLocalCloud } from '../local-cloud/main';

async function start(): Promise<void> {
  await ensureFunctions();
  ensureH5();
  const rt = await runLocalCloud();
  process.stdout.write(`打开浏览器访问 ${rt.server.url}/ （Ctrl+C 停止）\n`);
  const shutdown = (): void => {
    void rt.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

start().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
