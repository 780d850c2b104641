import type { ErrorCode } from '../../types/errors';
import { CallError } from './client';

/** Plain words for every coded error, written for an elderly reader. */
const messages: Record<ErrorCode, string> = {
  'INPUT.INVALID': '填写的内容有误，请检查后再试',
  'INPUT.UNKNOWN_ACTION': '小程序版本过旧，请退出后重新打开',
  'AUTH.UNAUTHENTICATED': '请先登录',
  'AUTH.FORBIDDEN': '您没有权限进行此操作',
  NOT_FOUND: '没有找到相关内容',
  'USER.NOT_FOUND': '没有找到该用户',
  'VENUE.NOT_FOUND': '没有找到该场地，可能已下线',
  CONFLICT: '操作冲突，请刷新后再试',
  'IDEMPOTENCY.KEY_REUSED': '请求重复，请刷新后再试',
  'RATE.LIMITED': '操作太频繁了，请稍等一分钟再试',
  INTERNAL: '系统开小差了，请稍后再试',
  UNAVAILABLE: '网络不太好，请检查网络后重试',
};

export function messageFor(error: unknown): string {
  if (error instanceof CallError) {
    return (messages as Record<string, string>)[error.code] ?? messages.INTERNAL;
  }
  return messages.UNAVAILABLE;
}
