import { assertPostable, contentChecker } from '../_shared/content-security';
import { createFunction, type Handlers, type RuntimeDeps, type Timers } from '../_shared/runtime';
import { AttendanceRepository } from './attendance.repository';
import { AttendanceService } from './attendance.service';
import { HoursRepository } from './hours.repository';
import { HoursService } from './hours.service';
import { RegistrationService } from './registration.service';
import { ShiftService } from './shift.service';
import { VolunteerRepository } from './volunteer.repository';

type Services = { registration: RegistrationService; shifts: ShiftService; attendance: AttendanceService; hours: HoursService };
const built = new WeakMap<RuntimeDeps, Services>();

/** One set of services per runtime (function instance). */
export const services = (deps: RuntimeDeps): Services => {
  let s = built.get(deps);
  if (!s) {
    s = {
      registration: new RegistrationService(new VolunteerRepository(deps.db), deps.clock),
      shifts: new ShiftService(deps.db, deps.clock),
      attendance: new AttendanceService(new AttendanceRepository(deps.db), new VolunteerRepository(deps.db), deps.clock),
      hours: new HoursService(new HoursRepository(deps.db), deps.clock),
    };
    built.set(deps, s);
  }
  return s;
};

export const handlers = (deps: RuntimeDeps): Handlers<'volunteer'> => {
  const { registration, shifts, attendance, hours } = services(deps);
  return {
    me: (_input, ctx) => registration.me(ctx.caller),
    register: (input, ctx) => registration.register(ctx.caller, input),
    setPreferences: (input, ctx) => registration.setPreferences(ctx.caller, input),
    shifts: (input, ctx) => shifts.shifts(ctx.caller, input),
    myShifts: (input, ctx) => shifts.myShifts(ctx.caller, input.when ?? 'upcoming'),
    signUp: (input, ctx) => shifts.signUp(ctx.caller, input, ctx.requestId),
    cancel: (input, ctx) => shifts.cancel(ctx.caller, input.shiftId, ctx.requestId),
    managedShifts: (input, ctx) => shifts.managedShifts(ctx.caller, input),
    // Content security before anything is written: every text volunteers will read.
    createShift: async (input, ctx) => {
      await assertPostable(contentChecker(deps), ctx.caller.openid, 3, [
        { field: 'title', text: input.title },
        { field: 'description', text: input.description },
        { field: 'place', text: input.place },
        ...input.skills.map((text, i) => ({ field: `skills.${i}`, text })),
      ]);
      return shifts.createShift(ctx.caller, input, ctx.requestId);
    },
    roster: (input, ctx) => shifts.roster(ctx.caller, input.shiftId),
    shiftCode: (input, ctx) => attendance.shiftCode(ctx.caller, input.shiftId),
    checkIn: (input, ctx) => attendance.checkIn(ctx.caller, input),
    checkOut: (input, ctx) => attendance.checkOut(ctx.caller, input),
    confirmCheckOut: (input, ctx) => attendance.confirmCheckOut(ctx.caller, input, ctx.requestId),
    ledger: (_input, ctx) => hours.ledger(ctx.caller),
    certificate: (input, ctx) => hours.certificate(ctx.caller, input),
    verify: (input) => hours.verify(input.number),
    leaderboard: (input, ctx) => hours.leaderboard(ctx.caller, input),
    grantHours: (input, ctx) => hours.grantHours(ctx.caller, input, ctx.requestId),
    totals: (input, ctx) => hours.totals(ctx.caller, input),
  };
};

/** Timer trigger `tick` (every minute, cloudbaserc.json): waitlist promotion of freed places and reminders. */
export const timers = (deps: RuntimeDeps): Timers => ({
  tick: async () => ({ ...(await services(deps).shifts.tick()) }),
});

export const main = createFunction('volunteer', handlers, undefined, timers);
