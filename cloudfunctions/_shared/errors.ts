import type { ErrorCode } from '../../types/errors';

/** Thrown by services; only the runtime turns it into an envelope. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly details?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const forbidden = (message = '您没有权限进行此操作'): DomainError => new DomainError('AUTH.FORBIDDEN', message);
export const notFound = (code: ErrorCode, message: string): DomainError => new DomainError(code, message);
