import { useState } from 'react';
import type { RosterEntry } from '../../types';
import { CallError, newRequestId } from '../services/client';
import { ask, done } from '../services/dialog';
import { messageFor } from '../services/messages';
import { stewardService } from '../services/steward';
import { useRequest } from './useRequest';

/** A shift's roster, and 确认签退 for someone who checked in and never checked out. */
export function useStewardRoster(shiftId: string | undefined) {
  const roster = useRequest(async () => {
    if (!shiftId) throw new CallError({ code: 'SHIFT.NOT_FOUND', message: 'no shiftId' });
    return stewardService.roster(shiftId);
  }, [shiftId]);
  const [busy, setBusy] = useState<string | null>(null);
  // One requestId per person confirmed, kept across retries of that confirmation.
  const [requestIds] = useState(() => new Map<string, string>());

  const confirmCheckOut = async (entry: RosterEntry) => {
    if (!shiftId || busy) return;
    const ok = await ask({
      title: '确认签退？',
      content: `${entry.name}签到后没有签退。确认后按签到到班次结束的时间记入服务时长，只能确认一次。`,
      confirmText: '确认签退',
      cancelText: '再想想',
    });
    if (!ok) return;
    setBusy(entry.openid);
    const requestId = requestIds.get(entry.openid) ?? newRequestId();
    requestIds.set(entry.openid, requestId);
    try {
      const res = await stewardService.confirmCheckOut(shiftId, entry.openid, requestId);
      done(`已确认，记入${res.hours}小时`);
      roster.reload();
    } catch (e) {
      done(messageFor(e), { failed: true });
      roster.reload();
    } finally {
      setBusy(null);
    }
  };

  return { ...roster, busy, confirmCheckOut };
}
