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
  'STATION.NOT_FOUND': '没有找到这个红帆站，可能已停用',
  'STATION.NOT_MEMBER': '您还不是这个站点的成员',
  'STATION.NOT_PENDING': '这条申请已经处理过了',
  'SHIFT.NOT_FOUND': '没有找到这个服务班次，可能已取消',
  'SHIFT.FULL': '名额已满。您可以排队候补，有人退出时会通知您',
  'SHIFT.MEMBERS_ONLY': '这个班次只对本站成员开放，请先申请加入站点',
  'SHIFT.SIGNUP_CLOSED': '这个班次已经开始或已取消，不能再报名',
  'SHIFT.BUSY': '报名的人太多了，请稍后再试一次',
  'SHIFT.BAD_TIMES': '时间不对：结束要晚于开始，开始不能早于现在，一次不超过12小时',
  'SHIFT.NOT_SIGNED_UP': '您没有报名这个班次',
  'SHIFT.STARTED': '班次已经开始，不能取消了。如有困难请联系站长',
  'SHIFT.CODE_INVALID': '签到码不对，请看清站长手机上的6位数字再输入',
  'SHIFT.CODE_EXPIRED': '签到码已过期（每30秒换一次），请输入站长手机上现在显示的数字',
  'SHIFT.CODE_OTHER_SHIFT': '这是另一个班次的签到码，请确认您在正确的服务点',
  'SHIFT.LOCATION_REQUIRED': '这个班次需要确认您在服务地点，请允许获取位置后再试',
  'SHIFT.TOO_FAR': '您离服务地点太远，请到现场后再签到',
  'SHIFT.CHECKIN_TOO_EARLY': '还没到签到时间，开始前30分钟才能签到',
  'SHIFT.CHECKIN_CLOSED': '班次已经结束，不能签到了。如确实到场，请联系站长',
  'SHIFT.ALREADY_CHECKED_IN': '您已经签到过了',
  'SHIFT.NOT_CHECKED_IN': '您还没有签到，请先签到',
  'SHIFT.CHECKOUT_CLOSED': '签退时间已过（结束后2小时内），请联系站长确认时长',
  'SHIFT.ALREADY_CHECKED_OUT': '您已经签退过了',
  'SHIFT.NOT_ENDED': '班次还没结束，结束后才能确认签退',
  'HOURS.ENTRY_NOT_FOUND': '没有找到要更正的那条记录',
  'HOURS.NEGATIVE_TOTAL': '更正后时长会小于0，请核对',
  'CERTIFICATE.NO_HOURS': '您还没有服务时长，暂时不能开具证明',
  'COURSE.NOT_FOUND': '没有找到这门课程，可能已下线',
  'COURSE.MEMBERS_ONLY': '这门课程只对党员开放。如果您是党员，请联系所在支部书记在系统里登记',
  'COURSE.NO_LESSON': '这门课程没有线上学习内容，请报名参加线下课',
  'COURSE.QUIZ_LIMIT': '今天这门课的测验已经做了3次，明天再来吧',
  'COURSE.ATTEMPT_NOT_FOUND': '这次测验已失效，请重新开始测验',
  'COURSE.SESSION_NOT_FOUND': '没有找到这场课，可能已取消',
  'COURSE.SESSION_CANCELLED': '这场课已经取消了，请选择其他场次',
  'COURSE.SIGNUP_CLOSED': '这场课已经开始，不能再报名了',
  'COURSE.NOT_SIGNED_UP': '您没有报名这场课',
  'COURSE.CANCEL_CLOSED': '开课前2小时内不能取消报名。如有急事，请联系组织者',
  'COURSE.CHECKIN_CLOSED': '现在不在签到时间。开课前15分钟到开课后15分钟之间可以签到',
  'COURSE.CODE_WRONG': '签到码不对，请看组织者展示的最新签到码再输一次',
  'COURSE.NOT_ENROLLED': '您还在候补，没有座位，暂时不能签到',
  'COURSE.ALREADY_CHECKED_IN': '您已经签到过了',
  'COURSE.VENUE_TAKEN': '这个时间场地已经有人预约或不开放，请换个时间或场地',
  'COURSE.BRANCH_NOT_FOUND': '没有找到这个党支部',
  'COURSE.BANK_TOO_SMALL': '有线上学习的课程至少要有3道测验题',
  'CERTIFICATE.NOT_FOUND': '没有找到这个证明编号，请核对后再查',
  'VOLUNTEER.NOT_REGISTERED': '请先登记成为志愿者（填写姓名和手机号）',
  'CONTENT.REJECTED': '内容里有不适合发布的文字，请修改后再发',
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
