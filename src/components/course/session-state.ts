import type { Session } from '../../../types';

/** What the caller may do with a session now (by the phone's clock: labels and buttons only; the server decides). */
export function sessionActions(s: Session, now: number) {
  const mine = s.mine;
  const started = now >= Date.parse(s.start);
  const enrolled = mine?.state === 'enrolled';
  const checkedIn = !!mine?.checkedInAt;
  return {
    full: s.taken >= s.capacity,
    canSignUp: s.state === 'open' && !mine && !started,
    canCheckIn: s.state === 'open' && enrolled && !checkedIn && now >= Date.parse(s.checkInOpensAt) && now <= Date.parse(s.checkInClosesAt),
    /** A waiting place may be given up at any time before the start; a seat until 2 hours before. */
    canCancel: s.state === 'open' && !!mine && !checkedIn && !started && (mine.state === 'waitlisted' || now < Date.parse(s.freeCancelUntil)),
    /** A seat inside the last 2 hours: it can no longer be given up (said in words, no button). */
    cancelClosed: s.state === 'open' && enrolled && !checkedIn && !started && now >= Date.parse(s.freeCancelUntil),
  };
}

/** The caller's place in words: 已签到 / 已报名 / 候补第N位. */
export function placeText(mine: Session['mine']): string | null {
  if (!mine) return null;
  if (mine.checkedInAt) return '已签到';
  if (mine.state === 'enrolled') return '已报名';
  return mine.position ? `候补第${mine.position}位` : '候补中';
}
