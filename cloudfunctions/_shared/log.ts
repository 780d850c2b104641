import { createHash } from 'node:crypto';

export interface CallLog {
  fn: string;
  action: string;
  requestId: string;
  /** A short one-way hash of the openid: enough to correlate lines, not to identify a person. */
  caller: string | null;
  ms: number;
  ok: boolean;
  code?: string;
  status?: number;
  error?: string;
}

export type LogSink = (line: CallLog) => void;

const stdoutSink: LogSink = (line) => {
  if (process.env.RED_SAIL_LOG === 'off') return;
  process.stdout.write(`${JSON.stringify({ t: new Date().toISOString(), ...line })}\n`);
};

let sink: LogSink = stdoutSink;

export function logCall(line: CallLog): void {
  sink(line);
}

/** Tests capture log lines through this. */
export function setLogSink(next: LogSink | null): void {
  sink = next ?? stdoutSink;
}

export function callerTag(openid: string | null): string | null {
  return openid ? createHash('sha256').update(openid).digest('hex').slice(0, 10) : null;
}
