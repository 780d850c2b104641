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
