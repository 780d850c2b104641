import { parseCron, startScheduler } from '../../local-cloud/scheduler';

const bj = (iso: string) => Date.parse(`${iso}+08:00`);

describe('local timer triggers', () => {
  it('reads CloudBase’s 7-field cron in Beijing time', () => {
    const everyMinute = parseCron('0 * * * * * *');
    expect(everyMinute(bj('2026-12-01T09:30:00'))).toBe(true);
    expect(everyMinute(bj('2026-12-01T09:30:01'))).toBe(false);
    const twoAm = parseCron('0 0 2 * * * *');
    expect(twoAm(bj('2026-12-01T02:00:00'))).toBe(true);
    expect(twoAm(Date.parse('2026-12-01T02:00:00Z'))).toBe(false);
    const weekdays = parseCron('0 */15 8-17 * * 1-5 *');
    expect(weekdays(bj('2026-12-01T08:45:00'))).toBe(true); // Tuesday
    expect(weekdays(bj('2026-12-06T08:45:00'))).toBe(false); // Sunday
    expect(weekdays(bj('2026-12-01T08:50:00'))).toBe(false);
  });

  it('rejects malformed expressions', () => {
    expect(() => parseCron('* * * * *')).toThrow(/7 fields/);
    expect(() => parseCron('0 61 * * * * *')).toThrow();
    expect(() => parseCron('0 */0 * * * * *')).toThrow();
  });

  it('invokes the function with CloudBase’s timer event, a timer trigger’s context and no user, once per matching second', async () => {
    let t = bj('2026-12-01T09:29:59.900');
    const events: unknown[] = [];
    const contexts: unknown[] = [];
    const sched = startScheduler([{ fn: 'venue', name: 'tick', cron: '0 * * * * * *' }], {
      venue: async (event, context) => {
        events.push(event);
        contexts.push(context);
        return { ok: true, data: null };
      },
    }, { now: () => t });
    await new Promise((r) => setTimeout(r, 300));
    t = bj('2026-12-01T09:30:00.100');
    await new Promise((r) => setTimeout(r, 700));
    sched.stop();
    expect(events).toEqual([{ Type: 'Timer', TriggerName: 'tick', Time: '2026-12-01T01:30:00.000Z' }]);
    expect(contexts).toHaveLength(1);
    const environment = JSON.parse((contexts[0] as { environment: string }).environment);
    expect(environment).toEqual({ TCB_SOURCE: 'wx_trigger' });
    expect(environment).not.toHaveProperty('WX_OPENID');
  });
});
