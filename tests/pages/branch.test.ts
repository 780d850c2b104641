/**
 * 支部组织生活记录 (branch secretary) pages of the BUILT weapp under miniprogram-simulate, against a real local runtime
 * (built functions, fresh seeded database): 刘书记 (demo-secretary, branch-shanheliang) sees the quarter's record after
 * 张老师 passed an online quiz (per month a bar with the share in words, the completion with 线上), switches to the
 * quarter before, exports the record (written to the mini-program's user files and opened with WeChat's document
 * viewer, menu on, so it can be forwarded), and on 党员学习情况 sends 一键提醒 (asked first; declining sends nothing;
 * a second press within 7 days reminds nobody again). A party member who is not a secretary is refused.
 * Needs `npm run build:weapp` and `npm run build:functions`.
 */
import { courseSeeds } from '../../local-cloud/seed-courses';
import { createCloudBridge, type CloudBridge } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';
import { answer as ok, refuse as fail, restartableRuntime, runtimeApi, wxRecord, wx, type WxOptions } from '../support/weapp-page';

const SECRETARY = 'demo-secretary';
const MEMBER = 'demo-party-member';
const COURSE = 'course-shyk-basics';
const USER_DATA_PATH = 'http://usr';

const runtime = restartableRuntime('redsail-branch-pages-');
const { target } = runtime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;
jest.setTimeout(20_000);

const wxCalls = wxRecord();
const { modals, answers, toasts, navigations } = wxCalls;
const written: Array<{ filePath: string; data: string; encoding: string }> = [];
const opened: Array<{ filePath: string; fileType?: string; showMenu?: boolean }> = [];
let openFails = false;

beforeAll(async () => {
  requireWeappBuild();
  await runtime.start();
  cloud = createCloudBridge(target, { openid: SECRETARY });
  // Taro copies wx.env at start-up: the user-files path must be there before the app loads.
  wx.env = { USER_DATA_PATH };
  weapp = bootWeapp({ wxCloud: cloud.wxCloud });
  wxCalls.install();
  wx.getFileSystemManager = () => ({
    writeFile: (o: WxOptions) => {
      written.push({ filePath: o.filePath as string, data: o.data as string, encoding: o.encoding as string });
      ok(o, { errMsg: 'writeFile:ok' });
    },
  });
  wx.openDocument = (o: WxOptions) => {
    opened.push({ filePath: o.filePath as string, fileType: o.fileType as string, showMenu: o.showMenu as boolean });
    if (openFails) fail(o, 'openDocument:fail filetype not supported');
    else ok(o, { errMsg: 'openDocument:ok' });
  };
}, 40_000);

afterEach(() => {
  page?.unmount();
  page = null;
  wxCalls.clear();
});

afterAll(async () => {
  await runtime.stop();
});

const api = runtimeApi(target, 'branch-pages');
const calls = (action: string) => cloud.calls.filter((c) => c.name === 'course' && (c.data as { action: string }).action === action);

interface BranchRecordData {
  branchName: string;
  quarter: string;
  months: string[];
  organizations: string[];
  entries: Array<{ memberId: string; name: string; courseTitle: string; via: string }>;
  members: Array<{ memberId: string; name: string; total: number }>;
  monthly: Array<{ month: string; completions: number; active: number }>;
  inactive: Array<{ memberId: string; name: string; remindedAt: string | null }>;
}
const record = (quarter?: string) => api<BranchRecordData>(SECRETARY, 'course', 'branchRecord', quarter ? { quarter } : {});
const previous = (quarter: string) => {
  const [y, q] = quarter.split('-Q').map(Number) as [number, number];
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
};

/** 张老师 passes the online quiz of a course, answering from the seeded bank (as someone who read the lesson would). */
async function passQuiz(openid: string, courseId: string): Promise<void> {
  const bank = new Map(courseSeeds.find((c) => c.id === courseId)!.questions.map((q, j) => [`${courseId}-q${j + 1}`, q.answer]));
  const quiz = await api<{ attemptId: string; questions: Array<{ id: string }> }>(openid, 'course', 'quiz', { courseId }, true);
  const res = await api<{ passed: boolean }>(
    openid,
    'course',
    'submitQuiz',
    { courseId, attemptId: quiz.attemptId, answers: quiz.questions.map((q) => ({ questionId: q.id, choice: bank.get(q.id) ?? 0 })) },
    true,
  );
  expect(res.passed).toBe(true);
}

const today = () => {
  const d = new Date(Date.now() + 8 * 3600_000);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
};

let before: BranchRecordData;

describe('组织生活记录', () => {
  test('the quarter: per month a bar with its share in words, 张老师’s online completion, and who has not studied yet', async () => {
    await passQuiz(MEMBER, COURSE);
    before = await record();
    expect(before.inactive.length).toBeGreaterThan(0);
    cloud.setOpenid(SECRETARY);
    page = await weapp.renderPage('packages/branch/pages/record/index');
    await page.waitForText(before.branchName);
    await page.waitForText('✓ 本季度');
    const text = page.text();
    for (const org of before.organizations) expect(text).toContain(org);
    expect(text).toContain(`共${before.members.length}位党员`);
    // The switcher: this quarter chosen (said with ✓, not by colour alone), the one before offered.
    expect(page.getByText('✓ 本季度')).toBeTruthy();
    expect(text).toContain('上季度');
    // One bar per month of the quarter, its figures in words (this month counts 张老师's course).
    expect(page.byClass('month-row')).toHaveLength(3);
    for (const m of before.monthly) {
      const row = page.byClass('month-row').find((r) => (r.textContent ?? '').startsWith(`${Number(m.month.slice(5))}月`))!;
      expect(row.textContent).toContain(m.completions > 0 ? `${before.members.length}位党员中有${m.active}位参加了学习，共学习${m.completions}次` : '这个月还没有党员参加学习');
    }
    const thisMonth = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    expect(before.monthly.find((m) => m.month === thisMonth)!.completions).toBeGreaterThan(0);
    // The completion, newest first: date, course, member, 线上.
    const entry = page.byClass('entry-row')[0]!;
    expect(entry.textContent).toContain(today());
    expect(entry.textContent).toContain(courseSeeds.find((c) => c.id === COURSE)!.title);
    expect(entry.textContent).toContain('张老师');
    expect(entry.textContent).toContain('线上');
    expect(page.byClass('entry-row')).toHaveLength(before.entries.length);
    expect(text).toContain(`学习记录（${before.entries.length}次）`);
    // Who has not studied: the card leads to 党员学习情况.
    const card = page.byClass('inactive-card')[0]!;
    expect(card.textContent).toContain(`本季度还没参加学习的党员 ${before.inactive.length}人`);
    page.tap(card);
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['navigateTo:/packages/branch/pages/members/index']);
  });

  test('上季度 shows the quarter before, its own figures, without the reminder card', async () => {
    const prev = await record(previous(before.quarter));
    cloud.setOpenid(SECRETARY);
    page = await weapp.renderPage('packages/branch/pages/record/index');
    await page.waitForText(`学习记录（${before.entries.length}次）`);
    page.tap('上季度');
    await page.waitForText('✓ 上季度');
    await page.waitForText(`学习记录（${prev.entries.length}次）`);
    const asked = calls('branchRecord').at(-1)!.data as { data: { quarter?: string } };
    expect(asked.data.quarter).toBe(prev.quarter);
    expect(page.byClass('entry-row')).toHaveLength(prev.entries.length);
    expect(page.text()).not.toContain('本季度还没参加学习的党员');
    expect(page.text()).toContain(prev.inactive.length > 0 ? `这个季度有${prev.inactive.length}位党员没有参加学习` : '这个季度党员都参加了学习');
    // Back to 本季度: the card again.
    page.tap('本季度');
    await page.waitFor(() => page!.byClass('inactive-card')[0]?.textContent?.includes(`本季度还没参加学习的党员 ${before.inactive.length}人`));
  });

  test('导出Excel writes the .xlsx to the user files and opens it with the menu on (to forward it)', async () => {
    cloud.setOpenid(SECRETARY);
    page = await weapp.renderPage('packages/branch/pages/record/index');
    await page.waitForText(`学习记录（${before.entries.length}次）`);
    page.tap('导出Excel');
    await page.waitFor(() => opened.length === 1);
    expect(written).toHaveLength(1);
    const file = written[0]!;
    expect(file.filePath).toMatch(new RegExp(`^${USER_DATA_PATH}/.+\\.xlsx$`));
    expect(file.encoding).toBe('base64');
    const bytes = Buffer.from(file.data, 'base64');
    // A zip (PK\x03\x04) holding the workbook's parts.
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(bytes.toString('latin1')).toContain('[Content_Types].xml');
    expect(opened[0]).toEqual({ filePath: file.filePath, fileType: 'xlsx', showMenu: true });
    const exported = calls('exportRecord').at(-1)!.data as { data: { quarter?: string } };
    expect(exported.data.quarter).toBe(before.quarter);
    // The weapp says nothing more: the document viewer is the answer.
    expect(toasts).toEqual([]);
  });

  test('a phone that cannot open the file is told so plainly (not as a network failure)', async () => {
    openFails = true;
    try {
      cloud.setOpenid(SECRETARY);
      page = await weapp.renderPage('packages/branch/pages/record/index');
      await page.waitForText(`学习记录（${before.entries.length}次）`);
      page.tap('导出Excel');
      await page.waitFor(() => toasts.length === 1);
      expect(toasts).toEqual(['表格没能打开，请再试一次']);
      await page.waitForText('导出Excel');
    } finally {
      openFails = false;
    }
  });
});

describe('党员学习情况', () => {
  test('those with no course first, never reminded; declining 一键提醒 sends nothing; then 已提醒N人; again: 7天内已提醒过', async () => {
    cloud.setOpenid(SECRETARY);
    page = await weapp.renderPage('packages/branch/pages/members/index');
    const n = before.inactive.length;
    await page.waitForText(`一键提醒（${n}人）`);
    const rows = page.byClass('member-row');
    const firstInactive = rows[0]!;
    expect(firstInactive.textContent).toContain('本季度0次');
    expect(firstInactive.textContent).toContain('还没提醒过');
    for (const r of rows.slice(0, n)) expect(r.textContent).toContain('本季度0次');
    // 张老师 is among those who studied, after the inactive ones, with her months.
    const zhang = rows.find((r) => (r.textContent ?? '').includes('张老师'))!;
    expect(rows.indexOf(zhang)).toBeGreaterThanOrEqual(n);
    expect(rows).toHaveLength(before.members.length);
    expect(zhang.textContent).toContain('共1次');
    expect(zhang.textContent).toContain(`最近一次：${today()}`);

    answers.push(false);
    page.tap(`一键提醒（${n}人）`);
    await page.waitFor(() => modals.length === 1);
    expect(modals[0]!.content).toContain(`${n}位党员`);
    await new Promise((r) => setTimeout(r, 200));
    expect(calls('remind')).toHaveLength(0);

    page.tap(`一键提醒（${n}人）`);
    await page.waitFor(() => modals.length === 3);
    expect(modals[2]!.content).toBe(`已提醒${n}人`);
    await page.waitForText(`上次提醒：${today()}`);
    expect((await record()).inactive.every((i) => i.remindedAt !== null)).toBe(true);
    // The reminded member has it among their messages.
    const inbox = await api<{ messages: Array<{ kind: string }> }>(before.inactive[0]!.memberId, 'user', 'messages', {});
    expect(inbox.messages.some((m) => m.kind.startsWith('course_'))).toBe(true);

    page.tap(`一键提醒（${n}人）`);
    await page.waitFor(() => modals.length === 5);
    expect(modals[4]!.content).toBe(`${n}人7天内已提醒过，这次没有再发`);
  });

  test('a party member who is not the secretary is told plainly, with nothing of the branch shown', async () => {
    cloud.setOpenid(MEMBER);
    page = await weapp.renderPage('packages/branch/pages/record/index');
    await page.waitForText('您没有权限进行此操作');
    expect(page.text()).not.toContain(before.branchName);
    expect(page.text()).toContain('重新加载');
  });
});
