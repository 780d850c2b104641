import { createHash, randomUUID } from 'node:crypto';
import tcb from '@cloudbase/node-sdk';
import type { z } from 'zod';
import {
  contract,
  EventSchema,
  httpStatusOf,
  TimerEventSchema,
  type ActionName,
  type ActionOutput,
  DEFAULT_MUTATIONS_PER_MINUTE,
  type ActionSpec,
  type Envelope,
  type ErrorBody,
  type FunctionName,
  type ParsedInput,
} from '../../types';
import { Caller } from './caller';
import { systemClock, type Clock } from './clock';
import type { FileStore } from './files';
import type { ImageChecker } from './images';
import type { ContentChecker } from './content-security';
import { database, type Database } from './db';
import { DomainError } from './errors';
import { callerTag, logCall } from './log';
import { GuardsRepository } from './guards.repository';
import { UsersRepository } from './users.repository';

/** Everything a handler gets besides its parsed input. */
export interface ActionContext {
  caller: Caller;
  /** The client's requestId (idempotency key) if it sent one. */
  clientRequestId: string | undefined;
  /** Correlates log lines: the client's requestId or a generated one. */
  requestId: string;
  clock: Clock;
  /** Counts this call against the action's rate limit (throws RATE.LIMITED); a no-op once counted. */
  countAttempt: () => Promise<void>;
}

export type Handler<F extends FunctionName, A extends ActionName<F>> = (
  input: ParsedInput<F, A>,
  ctx: ActionContext,
) => Promise<ActionOutput<F, A>>;

export type Handlers<F extends FunctionName> = { [A in ActionName<F>]: Handler<F, A> };

export type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>;

export interface RuntimeDeps {
  clock: Clock;
  db: () => Database;
  /** Content security for posted text; default: chosen by the environment (content-security.ts checkerFromEnv). */
  content?: ContentChecker;
  /** Uploaded files; default: chosen by the environment (files.ts). */
  files?: FileStore;
  /** The asynchronous image check; default: chosen by the environment (images.ts imageCheckerFromEnv). */
  imageChecker?: ImageChecker;
}

const defaultDeps: RuntimeDeps = { clock: systemClock, db: database };

/** Idempotency records are kept two days (at least 24 h is promised). */
export const IDEMPOTENCY_KEEP_MS = 48 * 3600_000;
/** How long a replay waits for the first call with the same requestId to finish. */
const IDEMPOTENCY_WAIT_MS = 5_000;
/**
 * How long a running idempotency claim belongs to its call. A call cannot outlive its function's timeout (cloudbaserc
 * allows at most 60 s; ours are 10-20 s), so after the lease the call that claimed it has crashed or been killed and a
 * retry takes the claim over. 30 s more absorb clock differences between instances. A test checks the lease against
 * every timeout in cloudbaserc.json.
 */
export const IDEMPOTENCY_LEASE_MS = 90_000;

export function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    // Unknown fields are named one by one, so a client sees exactly what it must not send.
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...base, k].join('.')) : [base.join('.') || '(root)'];
    for (const p of paths) fields[p] ??= issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
  }
  return fields;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  try {
    return JSON.stringify(error);
  } catch {
    return 'unserialisable error';
  }
}

function openidFrom(context: unknown): string | null {
  if (context === undefined || context === null) return null;
  try {
    const ctx = tcb.getCloudbaseContext(context as Parameters<typeof tcb.getCloudbaseContext>[0]);
    const openid = (ctx as { WX_OPENID?: unknown }).WX_OPENID;
    return typeof openid === 'string' && openid.length > 0 && openid.length <= 128 ? openid : null;
  } catch {
    return null;
  }
}

/**
 * Builds a cloud function's `main(event, context)`: validate the event against the contract, take the caller's
 * identity from the invocation context (never the payload), dispatch to the action's handler, validate its output
 * (unknown fields are stripped, so nothing undeclared leaks), turn errors into the coded envelope and log one line.
 */
export type Timers = Record<string, () => Promise<unknown>>;

/**
 * Whether the platform says a timer trigger started this call: TCB_SOURCE (the call's source, hops comma-separated,
 * e.g. `wx_trigger` or `wx_trigger,scf`) names `wx_trigger`, and no user is in the context. Only the platform writes the
 * context; the event is the caller's, so its shape ({Type: 'Timer'}) proves nothing.
 */
function startedByTrigger(context: unknown, openid: string | null): boolean {
  if (openid !== null || context === undefined || context === null) return false;
  try {
    const source = (tcb.getCloudbaseContext(context as Parameters<typeof tcb.getCloudbaseContext>[0]) as { TCB_SOURCE?: unknown }).TCB_SOURCE;
    // The old runtime's `environ` splits values containing commas into arrays.
    const hops = Array.isArray(source) ? source : typeof source === 'string' ? source.split(',') : [];
    return hops.some((h) => typeof h === 'string' && h.trim() === 'wx_trigger');
  } catch {
    return false;
  }
}

/**
 * Events the platform pushes to a function (WeChat 消息推送, routed in 云开发 → 设置 → 其他设置 → 消息推送), keyed by
 * their `Event` (e.g. `wxa_media_check`, the image check's verdict). Each gets the raw event.
 */
export type Pushes = Record<string, (event: unknown) => Promise<unknown>>;

/** Call sources that are a person's app or tools: a push never comes from one of them. */
const CLIENT_SOURCES = new Set(['wx_client', 'wx_devtools', 'wx_localdebug', 'wx_http', 'wx_crawler', 'wx_unknown', 'wx_paycallback']);

/**
 * Whether the platform, not a person, started this call with a pushed event: no user in the context and a call source
 * (TCB_SOURCE, written by the platform) that is none of a client's. A person's wx.cloud.callFunction always carries
 * their WX_OPENID and TCB_SOURCE `wx_client` (or `wx_devtools`), so whatever shape their event has, it is refused.
 * NOT verified (no WeChat environment here): the TCB_SOURCE value of a message push to a function (platform-facts §1
 * lists none for it; the local runtime sends `wx_msgpush`), and that a `wxa_media_check` push carries no WX_OPENID.
 * Should a real push carry one, it is refused here and covers stay visible to their posters only (fail closed); the
 * handler also acts only on a trace_id the function itself received from WeChat, which no client ever sees.
 */
export function startedByPlatformPush(context: unknown, openid: string | null): boolean {
  if (openid !== null || context === undefined || context === null) return false;
  try {
    const source = (tcb.getCloudbaseContext(context as Parameters<typeof tcb.getCloudbaseContext>[0]) as { TCB_SOURCE?: unknown }).TCB_SOURCE;
    const hops = (Array.isArray(source) ? source : typeof source === 'string' ? source.split(',') : []).map((h) => (typeof h === 'string' ? h.trim() : '')).filter(Boolean);
    return hops.length > 0 && !hops.some((h) => CLIENT_SOURCES.has(h));
  } catch {
    return false;
  }
}

/** Whether an event has the shape of a platform push (`MsgType`): answered as one, run or refused, never as an action. */
function pushShaped(event: unknown): boolean {
  return typeof event === 'object' && event !== null && !Array.isArray(event) && Object.hasOwn(event, 'MsgType');
}

/** Whether an event poses as a timer trigger's (so it is answered as one, run or refused, never as an action). */
function timerShaped(event: unknown): boolean {
  return typeof event === 'object' && event !== null && !Array.isArray(event) && (Object.hasOwn(event, 'Type') || Object.hasOwn(event, 'TriggerName'));
}

export function createFunction<F extends FunctionName>(
  fn: F,
  makeHandlers: (deps: RuntimeDeps) => Handlers<F>,
  deps: RuntimeDeps = defaultDeps,
  makeTimers?: (deps: RuntimeDeps) => Timers,
  makePushes?: (deps: RuntimeDeps) => Pushes,
): Main {
  const handlers = makeHandlers(deps);
  const timers = makeTimers?.(deps) ?? {};
  const pushes = makePushes?.(deps) ?? {};
  const users = new UsersRepository(deps.db);
  const guards = new GuardsRepository(deps.db);
  const specs = contract[fn] as Record<string, ActionSpec>;

  return async function main(event: unknown, context?: unknown): Promise<Envelope<unknown>> {
    const started = Date.now();
    let action = '?';
    let requestId: string = randomUUID();
    const openid = openidFrom(context);
    const finish = (envelope: Envelope<unknown>, error?: unknown): Envelope<unknown> => {
      const code = envelope.ok ? undefined : envelope.error.code;
      logCall({
        fn,
        action,
        requestId,
        caller: callerTag(openid),
        ms: Date.now() - started,
        ok: envelope.ok,
        ...(code ? { code, status: httpStatusOf(code) } : {}),
        ...(error && !(error instanceof DomainError) ? { error: describe(error) } : {}),
      });
      return envelope;
    };
    const failure = (body: ErrorBody, error?: unknown): Envelope<unknown> => finish({ ok: false, error: body }, error);

    if (pushShaped(event)) {
      const kind = (event as { Event?: unknown }).Event;
      action = `push:${typeof kind === 'string' ? kind.slice(0, 40) : '?'}`;
      // Decided by the context the platform wrote, never by the event's shape.
      if (!startedByPlatformPush(context, openid)) return failure({ code: 'AUTH.FORBIDDEN', message: 'pushed events come from the platform only' });
      const run = typeof kind === 'string' && Object.hasOwn(pushes, kind) ? pushes[kind] : undefined;
      if (!run) return failure({ code: 'INPUT.UNKNOWN_ACTION', message: 'unknown pushed event' });
      try {
        return finish({ ok: true, data: await run(event) });
      } catch (e) {
        if (e instanceof DomainError) return failure({ code: e.code, message: e.message });
        return failure({ code: 'INTERNAL', message: 'internal error' }, e);
      }
    }

    if (timerShaped(event)) {
      const timerEvent = TimerEventSchema.safeParse(event);
      action = `timer:${timerEvent.success ? timerEvent.data.TriggerName : '?'}`;
      // Decided by the context the platform wrote, never by the event's shape.
      if (!startedByTrigger(context, openid)) return failure({ code: 'AUTH.FORBIDDEN', message: 'timer triggers are started by the platform only' });
      if (!timerEvent.success) return failure({ code: 'INPUT.INVALID', message: 'invalid timer event', fields: zodFields(timerEvent.error) });
      const trigger = timerEvent.data.TriggerName;
      const run = Object.hasOwn(timers, trigger) ? timers[trigger] : undefined;
      if (!run) return failure({ code: 'INPUT.UNKNOWN_ACTION', message: `unknown timer ${trigger}` });
      try {
        return finish({ ok: true, data: await run() });
      } catch (e) {
        return failure({ code: 'INTERNAL', message: 'internal error' }, e);
      }
    }

    const parsedEvent = EventSchema.safeParse(event);
    if (!parsedEvent.success) {
      return failure({ code: 'INPUT.INVALID', message: 'invalid event', fields: zodFields(parsedEvent.error) });
    }
    action = parsedEvent.data.action;
    if (parsedEvent.data.requestId) requestId = parsedEvent.data.requestId;
    if (!openid) return failure({ code: 'AUTH.UNAUTHENTICATED', message: 'no caller identity in the invocation context' });

    const spec = Object.prototype.hasOwnProperty.call(specs, action) ? specs[action] : undefined;
    const handler = spec ? (handlers as Record<string, Handler<F, ActionName<F>>>)[action] : undefined;
    if (!spec || !handler) return failure({ code: 'INPUT.UNKNOWN_ACTION', message: `unknown action ${fn}.${action}` });

    const input = spec.input.safeParse(parsedEvent.data.data ?? {});
    if (!input.success) return failure({ code: 'INPUT.INVALID', message: 'invalid input', fields: zodFields(input.error) });

    const caller = new Caller(openid, users);
    try {
      // Function-level authorization, as declared beside the action in the contract; object-level rules are the
      // service's first lines.
      if (spec.access.roles !== 'any') {
        const allowed = spec.access.roles;
        const grants = await caller.roles();
        if (!grants.some((g) => allowed.includes(g.role))) {
          return failure({ code: 'AUTH.FORBIDDEN', message: `${fn}.${action} is for ${allowed.join(', ')}` });
        }
      }
      const now = deps.clock.now();
      /**
       * Per-openid rate limit of mutations, counted in the database so it holds across function instances. Counted
       * once per call: up front by the runtime, or — for actions declaring `rateLimit: 'handler'` — by the handler
       * through ctx.countAttempt() just before its first database work (so attempts it refuses from memory, like a
       * slot it has just seen taken, cost nothing and count nothing; successes are always counted).
       */
      let counted = false;
      const countAttempt = async (): Promise<void> => {
        if (!spec.mutates || counted) return;
        counted = true;
        const limit = spec.perMinute ?? DEFAULT_MUTATIONS_PER_MINUTE;
        const window = Math.floor(now / 60_000);
        if (await guards.consume(`${openid}:${fn}.${action}:${window}`, limit, new Date((window + 2) * 60_000))) return;
        throw new DomainError('RATE.LIMITED', `at most ${limit} ${fn}.${action} per minute`, undefined, { retryAfterSeconds: String(60 - Math.floor((now % 60_000) / 1000)) });
      };
      const domainFailure = (e: DomainError, cause?: unknown): Envelope<unknown> =>
        failure({ code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}), ...(e.details ? { details: e.details } : {}) }, cause ?? e);
      const rateLimited = async (): Promise<Envelope<unknown> | null> => {
        try {
          await countAttempt();
          return null;
        } catch (e) {
          if (e instanceof DomainError) return domainFailure(e);
          throw e;
        }
      };
      const clientRequestId = parsedEvent.data.requestId;
      const run = async (): Promise<Envelope<unknown>> => {
        try {
          const ctx: ActionContext = { caller, clientRequestId, requestId, clock: deps.clock, countAttempt };
          const result = await handler(input.data as ParsedInput<F, ActionName<F>>, ctx);
          const output = spec.output.safeParse(result);
          if (!output.success) {
            return failure({ code: 'INTERNAL', message: 'internal error' }, new Error(`output of ${fn}.${action} breaks the contract: ${output.error.message}`));
          }
          if (!counted) await countAttempt().catch(() => undefined);
          return finish({ ok: true, data: output.data });
        } catch (e) {
          if (e instanceof DomainError) return domainFailure(e);
          return failure({ code: 'INTERNAL', message: 'internal error' }, e);
        }
      };
      const limitUpFront = async (): Promise<Envelope<unknown> | null> => (spec.rateLimit === 'handler' ? null : rateLimited());
      if (!spec.mutates) return await run();
      if (spec.idempotency === 'native' || !clientRequestId) return (await limitUpFront()) ?? (await run());

      // Runtime idempotency: the first call with a requestId runs; replays get its response.
      const key = `${openid}:${fn}.${action}:${clientRequestId}`;
      const inputHash = createHash('sha256').update(JSON.stringify(input.data)).digest('hex');
      let owner: string;
      for (let waited = 0; ; waited += 25) {
        const t = deps.clock.now();
        const claim = await guards.claim(key, inputHash, new Date(t), new Date(t + IDEMPOTENCY_KEEP_MS), new Date(t + IDEMPOTENCY_LEASE_MS));
        if (claim.kind === 'mismatch') return failure({ code: 'IDEMPOTENCY.KEY_REUSED', message: 'requestId was used for a different request' });
        if (claim.kind === 'replay') return finish(claim.response);
        if (claim.kind === 'mine') {
          owner = claim.owner;
          break;
        }
        if (waited >= IDEMPOTENCY_WAIT_MS) return failure({ code: 'CONFLICT', message: 'the same request is still being processed' });
        await new Promise((r) => setTimeout(r, 25));
      }
      // Replays were answered above without counting; a new request counts against the limit.
      const limited = await limitUpFront();
      if (limited) {
        await guards.release(key, owner);
        return limited;
      }
      const envelope = await run();
      // Only while the claim is still this call's: after its lease a retry may own it, and its answer stands.
      if (!envelope.ok && envelope.error.code === 'INTERNAL') await guards.release(key, owner);
      else await guards.complete(key, owner, envelope);
      return envelope;
    } catch (e) {
      return failure({ code: 'INTERNAL', message: 'internal error' }, e);
    }
  };
}
