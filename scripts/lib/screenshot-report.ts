import path from 'node:path';
import type { AuditFinding } from '../../tests/e2e/app';

export interface Shot {
  name: string;
  findings: AuditFinding[];
}

/** Prints each screenshot with its audit findings; any tap target under 44 px makes the run fail. */
export function reportShots(shots: Shot[], outDir: string, startedAt: number): void {
  let small = 0;
  for (const s of shots) {
    const lines = s.findings.map((f) => `    ${f.kind.padEnd(12)} ${f.what}  ${f.detail}`);
    small += s.findings.filter((f) => f.kind === 'tap-target').length;
    process.stdout.write(`${s.name}.png${lines.length ? `\n${lines.join('\n')}` : '  ok'}\n`);
  }
  process.stdout.write(`\n${shots.length} screenshots in ${path.relative(process.cwd(), outDir) || outDir} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)\n`);
  if (small > 0) {
    process.stdout.write(`${small} interactive element(s) smaller than 44 px\n`);
    process.exitCode = 1;
  }
}
