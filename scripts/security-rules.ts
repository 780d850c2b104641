/**
 * Production security rules for every collection (database.rules.json). The mini-program never reads or writes a
 * collection directly — every access goes through a cloud function, and functions bypass these rules — so every
 * rule denies all client access. `npm run rules` regenerates the file from the collection map.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Collections } from '../cloudfunctions/_shared/collections';

export const RULES_FILE = path.resolve(__dirname, '..', 'database.rules.json');

export function securityRules(): Record<string, { read: boolean; write: boolean }> {
  return Object.fromEntries(
    Object.values(Collections)
      .sort()
      .map((name) => [name, { read: false, write: false }]),
  );
}

export function renderRules(): string {
  return `${JSON.stringify({ $comment: 'Clients access nothing directly: every read and write goes through a cloud function.', rules: securityRules() }, null, 2)}\n`;
}

if (require.main === module) {
  fs.writeFileSync(RULES_FILE, renderRules());
  process.stdout.write(`wrote ${path.relative(process.cwd(), RULES_FILE)}\n`);
}
