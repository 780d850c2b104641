/**
 * The branch's organization-life record (course.branchRecord, course.remind, course.exportRecord) through the real
 * functions (two instances each, one database seeded with the demo branches and their quarter): who may see which
 * branch, the quarter in Beijing time, per-member and per-month rates, reminders at most once per member every 7 days
 * under racing secretaries, the .xlsx read back, and a deleted member's completions kept on the record without a name.
 */
import ExcelJS from 'exceljs';
import { beijingInstant } from '../../types/beijing-time';
import type { BranchRecord } from '../../types/course';
import type { Envelope } from '../../types';
import { branchLife, branchMembers } from '../../local-cloud/seed-branches';
import { courseSeeds } from '../../local-cloud/seed-courses';
import { POINTS_DAILY_CAP } from '../../cloudfunctions/_shared/points';
import { databaseDigest } from '../support/digest';
import { rid, volunteerWorld, type VolunteerWorld } from '../support/volunteer';

const NOW = { date: '2026-12-01', clock: '08:00' };
const BRANCH = 'branch-shanheliang';
const SECRETARY = 'demo-secretary';
const ADMIN = 'demo-district-admin';

let w: VolunteerWorld;
beforeEach(async () => {
  w = await volunteerWorld(NOW, { instances: 2 });
  // The demo branches' members, completions and points, as `npm start` seeds them (the function suites seed no life).
  const life = branchLife(new Date(w.clock.now()));
  w.cloud.db.store.commit(life.map(({ coll, doc }) => ({ coll, id: doc._id, doc })));
});
afterEach(() => w.stop());

const record = (openid: string, data: object = {}) => w.ok<BranchRecord>('course', openid, 'branchRecord', data);
const code = (res: Envelope<unknown>): string => (res.ok ? 'ok' : res.error.code);
const text = (x: unknown): string => JSON.stringify(x);
const title = (courseId: string): string => courseSeeds.find((c) => c.id === courseId)?.title as string;
const nameOf = (openid: string): string => branchMembers.find((m) => m.openid === openid)?.name as string;
/** A second secretary of the demo branch. */
function secretary(openid: string, branchId = BRANCH): string {
  const when = { $date: '2026-11-01T00:00:00Z' };
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'users', data: [JSON.stringify({ _id: openid, nickname: '副书记', phone: null, streetId: null, communityId: null, roles: [{ role: 'resident' }, { role: 'branch_secretary', scope: { branchId } }], createdAt: when, updatedAt: when })] });
  return openid;
}
/** `openid` passes the online quiz of `courseId` (all answers right). */
async function passQuiz(openid: string, courseId: string): Promise<void> {
  const quiz = await w.ok<{ attemptId: string; questions: Array<{ id: string }> }>('course', openid, 'quiz', { courseId });
  const answers = quiz.questions.map((q) => ({ questionId: q.id, choice: (w.doc('course_questions', q.id) as { answer: number }).answer }));
  const res = await w.ok<{ passed: boolean }>('course', openid, 'submitQuiz', { courseId, attemptId: quiz.attemptId, answers });
  expect(res.passed).toBe(true);
}

describe('course.branchRecord', () => {
  it('shows the secretary their branch this Beijing quarter: every completion with the full name, per member and per month', async () => {
    const r = await record(SECRETARY);
    expect(r).toMatchObject({ branchId: BRANCH, branchName: '芝罘区社会组织第一联合党支部', quarter: '2026-Q4', months: ['2026-10', '2026-11', '2026-12'] });
    expect(r.organizations).toContain('善和良公益发展中心');

    // Every completion of the branch this quarter (the seed's plan), newest first, and none of another branch or quarter.
    const planned = branchMembers.filter((m) => m.branchId === BRANCH).flatMap((m) => m.done.filter((p) => p.at !== undefined).map((p) => ({ name: m.name, courseTitle: title(p.courseId), via: p.via })));
    expect(r.entries).toHaveLength(planned.length);
    expect(r.entries.map((e) => ({ name: e.name, courseTitle: e.courseTitle, via: e.via })).sort((a, b) => text(a).localeCompare(text(b)))).toEqual(planned.sort((a, b) => text(a).localeCompare(text(b))));
    expect(r.entries.map((e) => e.date)).toEqual([...r.entries.map((e) => e.date)].sort().reverse());
    expect(r.entries[0]).toMatchObject({ date: '2026-12-01', name: '高淑芬', courseTitle: '从入党申请到积极分子', via: 'online', memberId: 'demo-pm-gao' });
    expect(text(r)).not.toContain('许国梁');
    expect(r.entries.every((e) => e.date >= '2026-10-01' && e.date <= '2026-12-31')).toBe(true);

    // 高淑芬: 2 in October, 1 in November, 1 today — every month so far; 林志强: one in November (1 of 3 months).
    const row = (name: string) => r.members.find((m) => m.name === name);
    expect(row('高淑芬')).toEqual({ memberId: 'demo-pm-gao', name: '高淑芬', perMonth: [2, 1, 1], total: 4, rate: 1, lastDate: '2026-12-01' });
    expect(row('林志强')).toMatchObject({ perMonth: [0, 1, 0], total: 1, rate: 1 / 3 });
    // 梁振东 also did a course last quarter: it is not counted here.
    expect(row('梁振东')).toMatchObject({ total: 2 });
    expect(row('韩玉梅')).toMatchObject({ perMonth: [0, 0, 0], total: 0, rate: 0, lastDate: '2026-08-27' });
    expect(r.members).toHaveLength(13);

    // Per month: completions and the share of the 13 members with at least one.
    const perMonth = [0, 1, 2].map((i) => r.members.filter((m) => (m.perMonth[i] as number) > 0).length);
    expect(r.monthly.map((m) => m.active)).toEqual(perMonth);
    expect(r.monthly.map((m) => m.rate)).toEqual(perMonth.map((n) => n / 13));
    expect(r.monthly.reduce((s, m) => s + m.completions, 0)).toBe(planned.length);

    // Nobody did a course this quarter: 张老师 and 刘书记 (the demo accounts), 郭秀兰, 韩玉梅; never reminded yet.
    expect(r.inactive.map((m) => m.name).sort()).toEqual(['刘书记', '张老师', '郭秀兰', '韩玉梅'].sort());
    expect(r.inactive.every((m) => m.remindedAt === null)).toBe(true);
  });

  it('adds a member’s online completion to the record the moment their quiz passes', async () => {
    await passQuiz('demo-party-member', 'course-dfsj-standard');
    const r = await record(SECRETARY);
    expect(r.entries[0]).toMatchObject({ date: '2026-12-01', memberId: 'demo-party-member', name: '张老师', courseTitle: '党费怎么交、交多少', via: 'online' });
    expect(r.inactive.map((m) => m.name)).not.toContain('张老师');
    expect(r.members.find((m) => m.name === '张老师')).toMatchObject({ perMonth: [0, 0, 1], total: 1, rate: 1 / 3 });
    // A resident's completion (no branch) is on nobody's record.
    await passQuiz('cr-resident', 'course-shyk-basics');
    expect((await record(SECRETARY)).entries.filter((e) => e.memberId === 'cr-resident')).toEqual([]);
  });

  it('takes the quarter in Beijing time and answers any quarter asked for', async () => {
    // 2027-01-01 00:30 in Beijing is still 2026-12-31 in UTC: the new quarter has begun, with nothing in it yet.
    w.clock.set(beijingInstant('2027-01-01', '00:30'));
    const q1 = await record(SECRETARY);
    expect(q1).toMatchObject({ quarter: '2027-Q1', months: ['2027-01', '2027-02', '2027-03'], entries: [] });
    expect(q1.members.every((m) => m.total === 0 && m.rate === 0)).toBe(true);
    w.clock.set(beijingInstant('2026-12-31', '23:30'));
    expect((await record(SECRETARY)).quarter).toBe('2026-Q4');
    // Last quarter: only 梁振东's and 韩玉梅's courses; all three months count.
    const q3 = await record(SECRETARY, { quarter: '2026-Q3' });
    expect(q3.entries.map((e) => [e.date, e.name]).sort()).toEqual([
      ['2026-08-27', '韩玉梅'],
      ['2026-09-11', '梁振东'],
    ]);
    expect(q3.members.find((m) => m.name === '梁振东')).toMatchObject({ perMonth: [0, 0, 1], rate: 1 / 3 });
  });

  it('shows a secretary only their own branch; a district admin any branch they name', async () => {
    const other = await w.call('course', SECRETARY, 'branchRecord', { branchId: 'branch-lianhe-2' });
    expect(other).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(text(other)).not.toContain('许国梁');
    expect(code(await w.call('course', SECRETARY, 'branchRecord', { branchId: 'branch-none' }))).toBe('AUTH.FORBIDDEN');
    // A party member who is not a secretary sees no record, not even their own branch's.
    expect(code(await w.call('course', 'demo-party-member', 'branchRecord', {}))).toBe('AUTH.FORBIDDEN');
    // The admin names the branch; a branch that does not exist is not found.
    const two = await record(ADMIN, { branchId: 'branch-lianhe-2' });
    expect(two).toMatchObject({ branchName: '芝罘区社会组织第二联合党支部' });
    expect(two.entries.map((e) => e.name).sort()).toEqual(['曹春燕', '许国梁', '许国梁']);
    expect(two.inactive.map((m) => m.name)).toEqual(['邓立新']);
    expect(text(two)).not.toContain('孙丽华');
    expect(await w.call('course', ADMIN, 'branchRecord', {})).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { branchId: '请选择党支部' } } });
    expect(code(await w.call('course', ADMIN, 'branchRecord', { branchId: 'branch-none' }))).toBe('COURSE.BRANCH_NOT_FOUND');
    // A secretary whose grant names a branch that is not (or no longer) there.
    expect(code(await w.call('course', secretary('cr-sec-gone', 'branch-gone'), 'branchRecord', {}))).toBe('COURSE.BRANCH_NOT_FOUND');
  });

  it('refuses bad input with a code and writes nothing', async () => {
    const before = databaseDigest(w.cloud.db);
    for (const data of [{ quarter: '2026-Q5' }, { quarter: '2026Q4' }, { branchId: '' }, { branchId: BRANCH, extra: 1 }]) {
      expect(code(await w.call('course', SECRETARY, 'branchRecord', data))).toBe('INPUT.INVALID');
      expect(code(await w.call('course', SECRETARY, 'exportRecord', data))).toBe('INPUT.INVALID');
    }
    expect(code(await w.call('course', SECRETARY, 'remind', { branchId: BRANCH, quarter: '2026-Q4' }))).toBe('INPUT.INVALID');
    expect(code(await w.call('course', SECRETARY, 'remind', { branchId: 'branch-lianhe-2' }))).toBe('AUTH.FORBIDDEN');
    expect(code(await w.call('course', ADMIN, 'remind', { branchId: 'branch-none' }))).toBe('COURSE.BRANCH_NOT_FOUND');
    expect(databaseDigest(w.cloud.db)).toBe(before);
  });
});

describe('course.remind', () => {
  const reminders = (openid: string) => w.notifications(openid).filter((n) => n.kind === 'course_reminder');
  const inactive = ['demo-party-member', SECRETARY, 'demo-pm-guo', 'demo-pm-han'];

  it('reminds each member with no course this quarter once, and not again for 7 days', async () => {
    const auditBefore = w.count('audit_log', { action: 'course.remind' });
    expect(await w.ok('course', SECRETARY, 'remind', {})).toEqual({ branchId: BRANCH, reminded: 4, skipped: 0 });
    for (const openid of inactive) {
      expect(reminders(openid)).toHaveLength(1);
      expect(reminders(openid)[0]?.body).toContain('芝罘区社会组织第一联合党支部');
    }
    expect(reminders('demo-pm-gao')).toHaveLength(0);
    expect(w.count('audit_log', { action: 'course.remind', target: `branch:${BRANCH}`, actor: SECRETARY })).toBe(auditBefore + 1);
    expect((await record(SECRETARY)).inactive.map((m) => m.remindedAt)).toEqual(inactive.map(() => '2026-12-01T08:00:00+08:00'));

    // Six days later: still too soon. Seven days later: reminded again (the one who has since done a course is not).
    w.clock.set(beijingInstant('2026-12-07', '20:00'));
    expect(await w.ok('course', SECRETARY, 'remind', {})).toEqual({ branchId: BRANCH, reminded: 0, skipped: 4 });
    await passQuiz('demo-pm-guo', 'course-shyk-basics');
    w.clock.set(beijingInstant('2026-12-08', '08:00'));
    expect(await w.ok('course', ADMIN, 'remind', { branchId: BRANCH })).toEqual({ branchId: BRANCH, reminded: 3, skipped: 0 });
    expect(reminders('demo-pm-guo')).toHaveLength(1);
    expect(reminders('demo-pm-han')).toHaveLength(2);
  });

  it('sends one reminder per member when two secretaries on two instances press at once', async () => {
    secretary('cr-sec-2');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => w.on(i).ok<{ reminded: number; skipped: number }>('course', i % 2 ? 'cr-sec-2' : SECRETARY, 'remind', {}, rid())));
    expect(results.reduce((s, r) => s + r.reminded, 0)).toBe(4);
    for (const r of results) expect(r.reminded + r.skipped).toBe(4);
    for (const openid of inactive) expect(reminders(openid)).toHaveLength(1);
    expect(w.count('course_reminders', { branchId: BRANCH })).toBe(4);
    expect(w.count('audit_log', { action: 'course.remind' })).toBe(8);
  });
});

describe('course.exportRecord', () => {
  it('is a real .xlsx the secretary can open: the completions and each member’s months, with a title row', async () => {
    const out = await w.ok<{ filename: string; mimeType: string; base64: string; rows: number }>('course', SECRETARY, 'exportRecord', {});
    const r = await record(SECRETARY);
    expect(out).toMatchObject({ filename: '支部组织生活记录-2026-Q4.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', rows: r.entries.length });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['学习记录', '党员完成情况']);
    const values = (sheet: ExcelJS.Worksheet): unknown[][] => sheet.getSheetValues().slice(1).map((row) => (Array.isArray(row) ? row.slice(1) : []));

    const log = values(book.getWorksheet('学习记录') as ExcelJS.Worksheet);
    expect(log[0]?.[0]).toBe('芝罘区社会组织第一联合党支部 2026年第四季度组织生活记录');
    expect(log[1]).toEqual(['日期', '课程', '党员', '方式']);
    expect(log.slice(2)).toEqual(r.entries.map((e) => [e.date, e.courseTitle, e.name, e.via === 'online' ? '线上' : '线下']));
    expect(log.slice(2)).toContainEqual(['2026-12-01', '从入党申请到积极分子', '高淑芬', '线上']);
    expect(log.slice(2).filter((row) => row[2] === '马建国').map((row) => row[3])).toEqual(['线下', '线下']);
    expect(text(log)).not.toContain('许国梁');
    expect((book.getWorksheet('学习记录') as ExcelJS.Worksheet).getColumn(2).width).toBeGreaterThanOrEqual(20);

    const people = values(book.getWorksheet('党员完成情况') as ExcelJS.Worksheet);
    expect(people[1]).toEqual(['党员', '10月', '11月', '12月', '合计', '完成率', '最近一次']);
    expect(people).toContainEqual(['高淑芬', 2, 1, 1, 4, '100%', '2026-12-01']);
    expect(people).toContainEqual(['韩玉梅', 0, 0, 0, 0, '0%', '2026-08-27']);
    expect(people.slice(2, -1).map((row) => row[0]).sort()).toEqual(r.members.map((m) => m.name).sort());
    expect(text(people)).not.toContain('曹春燕');
  });

  it('exports another branch only for a district admin', async () => {
    const refused = await w.call('course', SECRETARY, 'exportRecord', { branchId: 'branch-lianhe-2' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(text(refused)).not.toContain('base64');
    const out = await w.ok<{ base64: string; rows: number }>('course', ADMIN, 'exportRecord', { branchId: 'branch-lianhe-2', quarter: '2026-Q4' });
    expect(out.rows).toBe(3);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer);
    const cells = text((book.getWorksheet('学习记录') as ExcelJS.Worksheet).getSheetValues());
    expect(cells).toContain('许国梁');
    expect(cells).not.toContain('孙丽华');
  });
});

describe('account deletion and the record', () => {
  it('keeps a deleted member’s completions on the branch record, without their name or openid', async () => {
    await w.ok('course', SECRETARY, 'remind', {});
    const before = await record(SECRETARY);
    const sun = before.entries.filter((e) => e.memberId === 'demo-pm-sun');
    expect(sun).toHaveLength(3);
    expect(await w.ok('user', 'demo-pm-sun', 'deleteAccount', { confirm: '注销' })).toMatchObject({ deleted: true });
    expect(await w.ok('user', 'demo-pm-guo', 'deleteAccount', { confirm: '注销' })).toMatchObject({ deleted: true });

    const after = await record(SECRETARY);
    expect(after.entries).toHaveLength(before.entries.length);
    const kept = after.entries.filter((e) => e.name === '已注销用户');
    expect(kept.map((e) => [e.date, e.courseTitle, e.via])).toEqual(sun.map((e) => [e.date, e.courseTitle, e.via]));
    expect(new Set(kept.map((e) => e.memberId)).size).toBe(1);
    expect(kept[0]?.memberId).toMatch(/^deleted:/);
    expect(after.members.find((m) => m.memberId === kept[0]?.memberId)).toMatchObject({ name: '已注销用户', total: 3 });
    expect(text(after)).not.toContain('demo-pm-sun');
    expect(text(after)).not.toContain(nameOf('demo-pm-sun'));
    // 郭秀兰 had done nothing: she is simply no longer a member; the reminder sent to her went with her account.
    expect(text(after)).not.toContain('郭秀兰');
    expect(w.count('course_reminders', { openid: 'demo-pm-guo' })).toBe(0);
    expect(w.count('course_completions', { openid: 'demo-pm-sun' })).toBe(0);
    expect(w.count('course_completions', { openid: kept[0]?.memberId, branchId: BRANCH, attemptId: null })).toBe(3);

    // The secretary deletes theirs: the reminder sent to them goes, those they sent stay, sent by a pseudonym.
    expect(await w.ok('user', SECRETARY, 'deleteAccount', { confirm: '注销' })).toMatchObject({ deleted: true });
    expect(w.count('course_reminders', { by: SECRETARY }) + w.count('course_reminders', { openid: SECRETARY })).toBe(0);
    const left = [...w.cloud.db.store.entries('course_reminders')].map((e) => e.doc as unknown as { openid: string; by: string });
    expect(left.map((d) => d.openid).sort()).toEqual(['demo-party-member', 'demo-pm-han']);
    expect(left.every((d) => d.by.startsWith('deleted:'))).toBe(true);
  });
});

describe('the demo seed', () => {
  it('gives each completion one points entry (so 我的积分 and the ranking show them), within the day caps', async () => {
    const mine = await w.ok<{ total: number; entries: Array<{ reason: string }> }>('points', 'demo-pm-gao', 'mine');
    expect(mine.total).toBe(40);
    expect(mine.entries.map((e) => e.reason)).toContain('线上学习《从入党申请到积极分子》测验通过');
    const ranking = await w.ok<{ entries: Array<{ rank: number; name: string; points: number }> }>('points', 'demo-party-member', 'ranking', { month: '2026-10' });
    expect(ranking.entries[0]).toMatchObject({ rank: 1, points: 20 });
    expect(ranking.entries).toHaveLength(13);
  });

  it('keeps within the day caps on a quarter’s first day too, when every completion of the quarter falls on it', () => {
    const docs = branchLife(new Date(beijingInstant('2027-01-01', '08:00')));
    const ledger = docs.filter((d) => d.coll === 'points_ledger').map((d) => d.doc as unknown as { openid: string; sourceType: 'course_lesson' | 'course_session'; date: string; points: number });
    const perDay = new Map<string, number>();
    for (const e of ledger) perDay.set(`${e.openid}:${e.sourceType}:${e.date}`, (perDay.get(`${e.openid}:${e.sourceType}:${e.date}`) ?? 0) + e.points);
    for (const [id, points] of perDay) expect(points).toBeLessThanOrEqual(POINTS_DAILY_CAP[id.split(':')[1] as 'course_lesson']);
    expect(docs.filter((d) => d.coll === 'points_daily').map((d) => [d.doc._id, d.doc.points]).sort()).toEqual([...perDay].sort());
    // 唐海涛's four online lessons that day: the fourth earns nothing (30 a day), as the ledger would have it.
    expect(ledger.filter((e) => e.openid === 'demo-pm-tang').map((e) => e.points)).toEqual([10, 10, 10, 0]);
  });
});
