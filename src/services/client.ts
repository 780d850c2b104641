import type { ActionInput, ActionName, ActionOutput, FunctionName } from '../../types';
import type { Envelope, ErrorBody } from '../../types/errors';
import { transport, type FunctionEventOut } from './transport';

/** A failed call: always coded, so the UI can choose plain Chinese words for it. */
export class CallError extends Error {
  readonly code: string;
  readonly fields?: Record<string, string>;
  readonly details?: Record<string, string>;
  constructor(body: ErrorBody | { code: string; message: string; fields?: Record<string, string>; details?: Record<string, string> }) {
    super(body.message);
    this.name = 'CallError';
    this.code = body.code;
    this.fields = body.fields;
    this.details = body.details;
  }
}

/** A fresh id for one user intent; pass the same one when retrying that intent so it takes effect once. */
export function newRequestId(): string {
  const rand = () => Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  return `r${Date.now().toString(36)}${rand()}${rand()}`;
}

/** The one typed client: every page reaches the cloud functions through this. */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  input: ActionInput<F, A>,
  options: { requestId?: string } = {},
): Promise<ActionOutput<F, A>> {
  const event: FunctionEventOut = { action, data: input };
  if (options.requestId) event.requestId = options.requestId;
  const envelope: Envelope<unknown> = await transport(fn, event);
  if (envelope.ok) return envelope.data as ActionOutput<F, A>;
  throw new CallError(envelope.error);
}
