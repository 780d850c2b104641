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
  'VENUE.ORG_NOT_FOUND': '没有找到这个组织，请重新选择',
  'VENUE.NOT_ORG_MEMBER': '您不是这个组织的成员，不能用它的名义预约',
  'VENUE.BOOKING_NOT_FOUND': '没有找到这条预约',
  'VENUE.SLOT_TAKEN': '这个时段刚刚被别人约走了，请换一个时段',
  'VENUE.OUTSIDE_WINDOW': '只能预约今天起14天内、还没开始的时段',
  'VENUE.OUTSIDE_HOURS': '这个时段不在场地开放时间内',
  'VENUE.BLACKOUT': '场地这一天不开放，请换一天',
  'VENUE.NOT_ADJACENT': '一次预约的几个时段需要前后连着',
  'VENUE.TOO_MANY_SLOTS': '一次最多连着预约3个时段',
  'VENUE.OVER_CAPACITY': '人数超过了场地能容纳的人数',
  'VENUE.QUOTA_EXCEEDED': '您已有3个未使用的预约，用完或取消后再约',
  'VENUE.SUSPENDED': '因多次爽约，您的预约资格暂停了',
  'VENUE.BOOKING_STATE': '这条预约现在不能这样操作，请刷新看看',
  'VENUE.CHECKIN_CLOSED': '签到时间是开始前15分钟到开始后15分钟',
  'VENUE.CHECKIN_CODE_INVALID': '签到码不对，请核对后再输入',
  'VENUE.BLACKOUT_HAS_BOOKINGS': '这一天已有预约，请先联系预约人处理',
  'VENUE.APPROVAL_EXPIRED': '这条预约已过审核期限，已自动失效，不能再通过',
  'VENUE.SLOT_FREE': '这个时段现在是空的，可以直接预约',
  'VENUE.BUSY': '预约的人太多了，请稍后再试一次',
  'VENUE.PHONE_REQUIRED': '请留一个手机号，方便管理员联系您',
  'USER.PHONE_CODE_INVALID': '没有取到微信手机号，请再点一次，或手动填写',
  'ACCOUNT.DELETING': '这个账号已经注销（或正在注销），不能再办理。如需再次使用，请重新打开小程序',
  CONFLICT: '操作冲突，请刷新后再试',
  'IDEMPOTENCY.KEY_REUSED': '请求重复，请刷新后再试',
  'RATE.LIMITED': '操作太频繁了，请稍等一分钟再试',
  INTERNAL: '系统开小差了，请稍后再试',
  UNAVAILABLE: '网络不太好，请检查网络后重试',
};

export function messageFor(error: unknown): string {
  if (error instanceof CallError) {
    if (error.code === 'VENUE.SUSPENDED' && error.details?.until) {
      return `因多次爽约，您的预约资格暂停到${error.details.until.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$1年$2月$3日')}`;
    }
    if (error.code === 'INPUT.INVALID' && error.fields) {
      const first = Object.values(error.fields)[0];
      if (first && /[\u4e00-\u9fa5]/.test(first)) return first;
    }
    return (messages as Record<string, string>)[error.code] ?? messages.INTERNAL;
  }
  return messages.UNAVAILABLE;
}
