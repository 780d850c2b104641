import { toBeijingIso } from '../../types/beijing-time';
import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import { CODE_STEP_MS, codeStep, isCurrentStepCode, rotatingQr, shiftStepCode } from '../_shared/checkin-codes';
import type { Clock } from '../_shared/clock';
import { DomainError, forbidden } from '../_shared/errors';
import { distanceMetres, type LatLng } from '../_shared/geo';
import { canManageStation } from '../_shared/station-scope';
import type { ShiftDoc } from '../_shared/volunteer.docs';
import { signupIdOf, type AttendanceRepository, type VerifySignup } from './attendance.repository';
import { creditedQuarters, toHours } from './ledger';
import type { VolunteerRepository } from './volunteer.repository';

const MINUTE = 60_000;
/** Check-in opens this long before the start (and closes at the end). */
export const CHECKIN_BEFORE = 30 * MINUTE;
/** Check-out is accepted until this long after the end; later, the manager confirms. */
export const CHECKOUT_AFTER = 120 * MINUTE;
/** A code of this shift from 2…EXPIRED_STEPS steps ago is called expired (beyond that, simply invalid). */
export const EXPIRED_STEPS = 20;

/** What the volunteer's scan reads from the manager's QR code. */
export const shiftQr = (shiftId: string, code: string): string => rotatingQr('shift', shiftId, code);

const ms = (d: Date | string): number => new Date(d).getTime();

/** Rotating shift codes, check-in and check-out with the code (and the geofence), and the manager's confirmation. */
export class AttendanceService {
  constructor(
    private readonly repo: AttendanceRepository,
    private readonly volunteers: Pick<VolunteerRepository, 'creditedQuarters'>,
    private readonly clock: Clock,
  ) {}

  /** The shift, open (a cancelled shift is not found). */
  private async openShift(shiftId: string): Promise<ShiftDoc> {
    const shift = await this.repo.shift(shiftId);
    if (!shift || shift.state !== 'open') throw new DomainError('SHIFT.NOT_FOUND', 'no such shift');
    return shift;
  }

  private async managedShift(caller: Caller, shiftId: string): Promise<ShiftDoc> {
    const shift = await this.openShift(shiftId);
    if (!(await canManageStation(caller, { _id: shift.stationId, streetId: shift.streetId }))) throw forbidden();
    return shift;
  }

  async shiftCode(caller: Caller, shiftId: string): Promise<ActionOutput<'volunteer', 'shiftCode'>> {
    const shift = await this.managedShift(caller, shiftId);
    const step = codeStep(this.clock.now());
    const code = shiftStepCode(shift._id, step);
    return { shiftId: shift._id, code, qr: shiftQr(shift._id, code), expiresAt: toBeijingIso((step + 1) * CODE_STEP_MS), stepSeconds: CODE_STEP_MS / 1000 };
  }

  /**
   * Accepts this shift's code of the current or the previous 30-second step. Otherwise says why, in this order: this
   * shift's code from 2…20 steps ago (expired), the current code of another shift whose check-in is open (wrong
   * place), anything else (invalid).
   */
  private async checkCode(shift: ShiftDoc, code: string, now: number): Promise<void> {
    const step = codeStep(now);
    if (isCurrentStepCode('shift', shift._id, code, now)) return;
    for (let ago = 2; ago <= EXPIRED_STEPS; ago++) {
      if (code === shiftStepCode(shift._id, step - ago)) throw new DomainError('SHIFT.CODE_EXPIRED', 'the code has expired', undefined, { stepsAgo: String(ago) });
    }
    for (const other of await this.repo.runningShifts(now, CHECKIN_BEFORE, shift._id)) {
      if (isCurrentStepCode('shift', other._id, code, now)) {
        throw new DomainError('SHIFT.CODE_OTHER_SHIFT', 'the code of another shift', undefined, { shiftTitle: other.title });
      }
    }
    throw new DomainError('SHIFT.CODE_INVALID', 'wrong code');
  }

  /** Metres from the fence's centre, or null for a shift without a fence (a location sent then is ignored, never kept). */
  private checkFence(shift: ShiftDoc, location: LatLng | undefined): number | null {
    if (!shift.location) return null;
    if (!location) throw new DomainError('SHIFT.LOCATION_REQUIRED', 'this shift needs your location');
    const distanceM = distanceMetres(shift.location, location);
    const radiusM = shift.radiusM ?? 200;
    if (distanceM > radiusM) throw new DomainError('SHIFT.TOO_FAR', 'outside the geofence', undefined, { distanceM: String(distanceM), radiusM: String(radiusM) });
    return distanceM;
  }

  async checkIn(caller: Caller, input: ParsedInput<'volunteer', 'checkIn'>): Promise<ActionOutput<'volunteer', 'checkIn'>> {
    const now = this.clock.now();
    const shift = await this.openShift(input.shiftId);
    const verify: VerifySignup = (signup) => {
      if (!signup || signup.state !== 'confirmed') throw new DomainError('SHIFT.NOT_SIGNED_UP', 'no confirmed place on this shift');
      if (signup.checkedInAt) throw new DomainError('SHIFT.ALREADY_CHECKED_IN', 'checked in already');
    };
    verify(await this.repo.signup(shift._id, caller.openid));
    const opensAt = ms(shift.start) - CHECKIN_BEFORE;
    if (now < opensAt) throw new DomainError('SHIFT.CHECKIN_TOO_EARLY', 'check-in is not open yet', undefined, { opensAt: toBeijingIso(opensAt) });
    if (now > ms(shift.end)) throw new DomainError('SHIFT.CHECKIN_CLOSED', 'the shift has ended');
    await this.checkCode(shift, input.code, now);
    const distanceM = this.checkFence(shift, input.location);
    await this.repo.checkIn(signupIdOf(shift._id, caller.openid), verify, new Date(now), distanceM);
    return { shiftId: shift._id, checkedInAt: toBeijingIso(now), distanceM };
  }

  async checkOut(caller: Caller, input: ParsedInput<'volunteer', 'checkOut'>): Promise<ActionOutput<'volunteer', 'checkOut'>> {
    const now = this.clock.now();
    const shift = await this.openShift(input.shiftId);
    const verify: VerifySignup = (signup) => {
      if (!signup || signup.state !== 'confirmed') throw new DomainError('SHIFT.NOT_SIGNED_UP', 'no confirmed place on this shift');
      if (!signup.checkedInAt) throw new DomainError('SHIFT.NOT_CHECKED_IN', 'not checked in');
      if (signup.checkedOutAt) throw new DomainError('SHIFT.ALREADY_CHECKED_OUT', 'checked out already');
    };
    verify(await this.repo.signup(shift._id, caller.openid));
    if (now > ms(shift.end) + CHECKOUT_AFTER) throw new DomainError('SHIFT.CHECKOUT_CLOSED', 'check-out has closed; the manager confirms the hours');
    await this.checkCode(shift, input.code, now);
    const distanceM = this.checkFence(shift, input.location);
    const quarters = await this.repo.endService({
      signupId: signupIdOf(shift._id, caller.openid),
      shift,
      verify,
      quarters: (s) => creditedQuarters(ms(s.checkedInAt as Date), now, ms(shift.start), ms(shift.end)),
      checkedOutAt: new Date(now),
      distanceM,
      source: 'checkout',
      by: caller.openid,
      byName: '本人签退',
      message: (hours) => ({ title: '服务时长已记入', body: `「${shift.title}」记入${hours}小时，谢谢您的服务！` }),
      now,
    });
    return { shiftId: shift._id, checkedOutAt: toBeijingIso(now), hours: toHours(quarters), totalHours: toHours(await this.volunteers.creditedQuarters(caller.openid)) };
  }

  /**
   * A volunteer checked in and never checked out of an ended shift: their manager credits [check-in, shift end].
   * The sign-up's check-out is then the shift's end, so neither a second confirmation nor a late check-out credits it
   * again (and the ledger entry's id is the same as a check-out's, which the database refuses twice).
   */
  async confirmCheckOut(caller: Caller, input: ParsedInput<'volunteer', 'confirmCheckOut'>, requestId: string): Promise<ActionOutput<'volunteer', 'confirmCheckOut'>> {
    const now = this.clock.now();
    const shift = await this.managedShift(caller, input.shiftId);
    if (now < ms(shift.end)) throw new DomainError('SHIFT.NOT_ENDED', 'the shift has not ended');
    const verify: VerifySignup = (signup) => {
      if (!signup || signup.state !== 'confirmed') throw new DomainError('SHIFT.NOT_SIGNED_UP', 'no confirmed place on this shift');
      if (!signup.checkedInAt) throw new DomainError('SHIFT.NOT_CHECKED_IN', 'not checked in');
      if (signup.checkedOutAt) throw new DomainError('SHIFT.ALREADY_CHECKED_OUT', 'checked out already');
    };
    verify(await this.repo.signup(shift._id, input.openid));
    const byName = (await this.repo.nickname(caller.openid)) ?? '站长';
    const quarters = await this.repo.endService({
      signupId: signupIdOf(shift._id, input.openid),
      shift,
      verify,
      quarters: (s) => creditedQuarters(ms(s.checkedInAt as Date), ms(shift.end), ms(shift.start), ms(shift.end)),
      checkedOutAt: new Date(shift.end),
      distanceM: null,
      source: 'confirmed',
      by: caller.openid,
      byName,
      message: (hours) => ({ title: '服务时长已记入', body: `站长确认了您在「${shift.title}」的服务，记入${hours}小时，谢谢您！` }),
      audit: {
        actor: caller.openid,
        action: 'volunteer.confirmCheckOut',
        target: `user:${input.openid}`,
        summary: `confirmed the check-out of ${shift.title} (${shift._id})`,
        requestId,
        scope: { stationId: shift.stationId, streetId: shift.streetId },
      },
      now,
    });
    return { shiftId: shift._id, openid: input.openid, hours: toHours(quarters) };
  }
}
