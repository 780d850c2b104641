/**
 * Fuzzing every registered action with fast-check: wrong types, missing and extra fields, huge strings, unicode,
 * negative and huge numbers, far dates, other users' ids, injection-shaped values. The answer is always a coded
 * envelope — never INTERNAL, never a crash — a refused call changes nothing in the database, and an answered one
 * matches the action's output schema. Calls alternate between two instances of each function on one database.
 * FUZZ_RUNS raises the number of runs per action (CI default 30; use FUZZ_RUNS=1000 for a deep run).
 */
import fc from 'fast-check';
import { z } from 'zod';
import { handlers as adminHandlers } from '../../cloudfunctions/admin/index';
import { handlers as activityHandlers } from '../../cloudfunctions/activity/index';
import { handlers as orgHandlers } from '../../cloudfunctions/org/index';
import { handlers as courseHandlers } from '../../cloudfunctions/course/index';
import { handlers as pointsHandlers } from '../../cloudfunctions/points/index';
import { handlers as stationHandlers } from '../../cloudfunctions/station/index';
import { handlers as volunteerHandlers, timers as volunteerTimers } from '../../cloudfunctions/volunteer/index';
import { handlers as userHandlers, timers as userTimers } from '../../cloudfunctions/user/index';
import { database } from '../../cloudfunctions/_shared/db';
import { createFunction, type Main } from '../../cloudfunctions/_shared/runtime';
import { contract, httpStatusOf, isErrorCode, type ActionSpec, type Envelope } from '../../types';
import { bookingWorld, type BookingWorld } from '../support/booking';
import { databaseDigest } from '../support/digest';

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);

const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.string({ minLength: 2000, maxLength: 20000 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, 0.5, Number.NaN),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    { $ne: null },
    { $gt: '' },
    { $where: 'sleep(1000)' },
    '{"$ne": null}',
    "'; DROP TABLE users; --",
    '../../etc/passwd',
    '__proto__',
    'constructor',
    '<script>alert(1)</script>',
    '١٢٣٤٥٦',
    '𠀀𠀁😀\u0000\uFFFF',
  ),
  fc.constantFrom('demo-district-admin', 'demo-resident', 'cyy-hall', 'xy-center', 'bk_000000000000000000000000', 'org-changxiang'),
  fc.constantFrom('2026-12-02', '0001-01-01', '9999-12-31', '2026-02-30', '2026-12-02T09:30:00+08:00', '2026-12-02T01:30:00Z', '+275760-09-13T00:00:00Z'),
  fc.array(fc.anything(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.anything(), { maxKeys: 4 }),
);

function fieldsOf(spec: ActionSpec): string[] {
  const schema = z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
  return Object.keys(schema.properties ?? {});
}

/** Objects built from the action's own field names (so the fuzzer gets past "unknown field"), some extra keys. */
const dataFor = (spec: ActionSpec): fc.Arbitrary<unknown> => {
  const names = fieldsOf(spec);
  const key = names.length ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }) : fc.string({ maxLength: 12 });
  return fc.oneof({ weight: 6, arbitrary: fc.dictionary(key, nasty, { maxKeys: names.length + 2 }) }, { weight: 1, arbitrary: nasty });
};

const eventFor = (action: string, spec: ActionSpec): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.record({ action: fc.constant(action), data: dataFor(spec), requestId: fc.option(fc.oneof(fc.string(), fc.constant('fuzz-request-0001')), { nil: undefined }) }, { requiredKeys: ['action'] }) },
    { weight: 1, arbitrary: fc.anything() },
    { weight: 1, arbitrary: fc.record({ action: nasty, data: nasty }) },
  );

let w: BookingWorld;
/** Two instances of each function (own memory each), one database; calls alternate between them. */
const instances: Record<string, Main[]> = {};
let turn = 0;
const mainOf = (fn: string): Main => {
  const all = instances[fn] as Main[];
  return all[turn++ % all.length] as Main;
};
beforeAll(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
  const deps = () => ({ clock: w.clock, db: database });
  instances.venue = w.instances;
  instances.user = [0, 1].map(() => createFunction('user', userHandlers, deps(), userTimers));
  instances.station = [0, 1].map(() => createFunction('station', stationHandlers, deps()));
  instances.volunteer = [0, 1].map(() => createFunction('volunteer', volunteerHandlers, deps(), volunteerTimers));
  instances.admin = [0, 1].map(() => createFunction('admin', adminHandlers, deps()));
  instances.points = [0, 1].map(() => createFunction('points', pointsHandlers, deps()));
  instances.course = [0, 1].map(() => createFunction('course', courseHandlers, deps()));
  instances.activity = [0, 1].map(() => createFunction('activity', activityHandlers, deps()));
  instances.org = [0, 1].map(() => createFunction('org', orgHandlers, deps()));
});
afterAll(() => w.stop());

const allActions = Object.entries(contract).flatMap(([fn, actions]) =>
  Object.entries(actions as Record<string, ActionSpec>).map(([action, spec]) => ({ fn, action, spec })),
);

describe.each(allActions.map((a) => [`${a.fn}.${a.action}`, a] as const))('fuzz %s', (_id, { fn, action, spec }) => {
  it.each(['demo-resident', 'demo-district-admin'])(`never fails uncoded, refused calls change nothing, answers match the output schema (as %s, ${RUNS} runs)`, async (openid) => {
    await fc.assert(
      fc.asyncProperty(eventFor(action, spec), async (event) => {
        const before = databaseDigest(w.cloud.db);
        let res: Envelope<unknown>;
        try {
          res = await w.cloud.invoke(mainOf(fn), openid, event);
        } catch (e) {
          throw new Error(`crashed: ${String(e)}`);
        }
        if (res.ok) {
          // An answered call keeps the contract: exactly the action's declared output.
          const output = spec.output.safeParse(res.data);
          if (!output.success) throw new Error(`${fn}.${action} answered outside its output schema: ${output.error.message}`);
          expect(output.data).toEqual(res.data);
          return;
        }
        expect(isErrorCode(res.error.code)).toBe(true);
        expect(res.error.code).not.toBe('INTERNAL');
        expect(httpStatusOf(res.error.code)).toBeLessThan(500);
        expect(databaseDigest(w.cloud.db)).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses unknown fields (no mass assignment) and writes nothing', async () => {
    const before = databaseDigest(w.cloud.db);
    const res = await w.cloud.invoke(mainOf(fn), 'demo-resident', { action, data: { openid: 'demo-district-admin', roles: ['district_admin'], _id: 'x', state: 'confirmed' }, requestId: 'mass-assign-0001' });
    expect(res).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: expect.objectContaining({}) } });
    if (!res.ok) expect(Object.values(res.error.fields ?? {})).toContain('unknown field');
    expect(databaseDigest(w.cloud.db)).toBe(before);
  });
});
