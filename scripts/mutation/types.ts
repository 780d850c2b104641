/** Shapes shared by the mutant list and the runner (`npm run test:mutation`). */

export type Area = 'booking' | 'runtime' | 'roles' | 'activity';
export const AREAS: readonly Area[] = ['booking', 'runtime', 'roles', 'activity'];

/** One textual change. `find` must occur exactly once in `file` (else the mutant is reported stale). */
export interface Edit {
  /** Repository-relative path of a production file. */
  file: string;
  find: string;
  replace: string;
}

/**
 * A realistic bug: the kind of slip a developer makes (flipped comparison, off-by-one, dropped check, wrong key…).
 * Either one edit (`file`/`find`/`replace`) or several (`edits`) that together make the one bug.
 */
export type Mutant = {
  id: string;
  area: Area;
  /** What the bug is and what a user or attacker would notice. */
  why: string;
  /**
   * The test files (repository-relative paths) that must kill it: when given, only these run against the mutant
   * (instead of every file of its area), so a focused rerun (--only) is quick. Each must exist.
   */
  tests?: string[];
} & ({ file: string; find: string; replace: string; edits?: undefined } | { edits: Edit[]; file?: undefined; find?: undefined; replace?: undefined });

/** For mutants known to survive: whether that is a gap in the tests (and the test that would kill it) or an equivalent mutant. */
export interface SurvivorNote {
  kind: 'missing test' | 'equivalent';
  note: string;
}

export function editsOf(m: Mutant): Edit[] {
  return m.edits ?? [{ file: m.file, find: m.find, replace: m.replace }];
}
