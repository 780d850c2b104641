import { shortDateTime } from '../../types/date-format';
import { Collections } from './collections';
import type { Database } from './db';
import { enqueueNotification } from './notifications';
import { getDoc, retryingTransaction } from './tx';
import type { ShiftDoc, SignupDoc } from './volunteer.docs';

/**
 * Cancels an open shift of a station taken out of service (admin.retireStation, or a shift created while its station
 * was being retired) and tells everyone signed up (a place or the waitlist), in one transaction; a shift no longer
 * open changes nothing. Returns whether it was cancelled here.
 */
export async function cancelOpenShift(db: Database, shiftId: string, message: (shift: ShiftDoc) => { title: string; body: string }, now: number): Promise<boolean> {
  const _ = db.command;
  const signed = (await db.collection(Collections.shiftSignups).where({ shiftId, state: _.in(['confirmed', 'waitlisted']) }).field({ openid: true }).limit(1000).get()) as {
    data: Array<Pick<SignupDoc, 'openid'>>;
  };
  return retryingTransaction(db, async (tx) => {
    const cur = await getDoc<ShiftDoc>(tx, Collections.shifts, shiftId);
    if (!cur || cur.state !== 'open') return false;
    await tx.collection(Collections.shifts).doc(shiftId).update({ state: 'cancelled', cancelledAt: new Date(now) });
    const { title, body } = message(cur);
    for (const { openid } of signed.data) {
      await enqueueNotification(tx, { openid, kind: 'shift_cancelled', title, body, shiftId, stationId: cur.stationId }, now);
    }
    return true;
  });
}

/** What the people signed up for a shift of a retired station are told. */
export const retiredShiftMessage = (stationName: string, shift: Pick<ShiftDoc, 'title' | 'start'>, reason: string): { title: string; body: string } => ({
  title: '服务班次已取消',
  body: `${stationName}「${shift.title}」${shortDateTime(new Date(shift.start).getTime())} 的服务取消了：红帆站停止使用（${reason}）。谢谢您的热心，可以报名其他站点的服务。`,
});
