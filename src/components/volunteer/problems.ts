import { clockOf } from '../../../types/date-format';
import { CallError } from '../../services/client';
import { messageFor } from '../../services/messages';

/** A refusal in plain words; some codes say more with what the server told (distance, opening time, other shift). */
export function checkInProblem(e: unknown, mode: 'in' | 'out'): string {
  if (e instanceof CallError) {
    const d = e.details ?? {};
    if (e.code === 'SHIFT.TOO_FAR' && d.distanceM) {
      const fence = d.radiusM ? `，要在${d.radiusM}米以内才能${mode === 'in' ? '签到' : '签退'}` : '';
      return `您离服务地点大约${d.distanceM}米${fence}。请到现场后再试。`;
    }
    if (e.code === 'SHIFT.CHECKIN_TOO_EARLY' && d.opensAt) {
      return `还没到签到时间，${clockOf(d.opensAt)}起可以签到（开始前30分钟）。`;
    }
    if (e.code === 'SHIFT.CODE_OTHER_SHIFT' && d.shiftTitle) {
      return `这是「${d.shiftTitle}」的签到码，不是这个班次的。请确认您在正确的服务点。`;
    }
  }
  return messageFor(e);
}

