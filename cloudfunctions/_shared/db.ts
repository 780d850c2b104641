import tcb from '@cloudbase/node-sdk';

export type Database = ReturnType<ReturnType<typeof tcb.init>['database']>;

let app: ReturnType<typeof tcb.init> | undefined;

/**
 * The database handle. Production: the function's own CloudBase env, credentials injected by the platform.
 * Offline the same call reaches the local runtime, because the host sets the SDK's documented `TCB_CONTEXT_CNFG`
 * (URL → local endpoint) and dummy TENCENTCLOUD_SECRETID/KEY: this module has no local-only branch.
 */
export function database(): Database {
  app ??= tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  return app.database();
}

/** SDK errors carry a string `code` such as DATABASE_DUPLICATE_WRITE. */
export function dbErrorCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string') {
    return (e as { code: string }).code;
  }
  return undefined;
}

/** A regular expression as a query value (`db.RegExp`, as CloudBase documents it; the local database answers it too). */
export function dbRegExp(db: Database, regexp: string, options?: string): unknown {
  const make = db.RegExp as (this: Database, o: { regexp: string; options?: string }) => unknown;
  return make.call(db, { regexp, ...(options ? { options } : {}) });
}

/** `text` with every regular-expression character escaped (to match it literally inside a pattern). */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
