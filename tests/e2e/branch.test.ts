/**
 * 支部组织生活记录 in the H5 app, in real Chromium against the local runtime (with the demo branch's quarter): 张老师
 * passes an online quiz; 刘书记 signs in, opens the record from 我的 and sees 张老师's completion (线上) among the
 * branch's, with the members who have not studied yet; 导出Excel downloads a real .xlsx under its file name, which
 * reads back (exceljs) with the completions and the members.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { courseSeeds } from '../../local-cloud/seed-courses';
import { launchPhone, startRuntime, type Phone, type Runtime } from '../support/browser';
import { current, signIn } from './app';

jest.setTimeout(120_000);

let runtime: Runtime | undefined;
let phone: Phone | undefined;

beforeAll(async () => {
  runtime = await startRuntime();
  phone = await launchPhone();
}, 45_000);

afterAll(async () => {
  await phone?.close();
  await runtime?.stop();
});

const MEMBER = 'demo-party-member';
const COURSE = 'course-dfsj-standard';
let seq = 0;

/** Calls the local runtime as `openid`, outside the browser. */
async function api<T>(openid: string, fn: string, action: string, data: unknown): Promise<T> {
  const base = runtime!.url;
  const login = (await (await fetch(`${base}/api/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) })).json()) as { data: { token: string } };
  const res = await fetch(`${base}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.data.token}` },
    body: JSON.stringify({ action, data, requestId: `e2e-branch-${Date.now()}-${++seq}` }),
  });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!body.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(body.error)}`);
  return body.data as T;
}

it('the secretary sees a member’s online completion in the record and downloads the record as a valid .xlsx', async () => {
  const { page } = phone!;
  const course = courseSeeds.find((c) => c.id === COURSE)!;
  // 张老师 passes the quiz, answering from the bank (as someone who read the lesson would).
  const quiz = await api<{ attemptId: string; questions: Array<{ id: string }> }>(MEMBER, 'course', 'quiz', { courseId: COURSE });
  const answers = quiz.questions.map((q) => ({ questionId: q.id, choice: course.questions[Number(q.id.split('-q').pop()) - 1]!.answer }));
  expect((await api<{ passed: boolean }>(MEMBER, 'course', 'submitQuiz', { courseId: COURSE, attemptId: quiz.attemptId, answers })).passed).toBe(true);

  await signIn(page, runtime!.url, '支部书记 刘书记');
  await current(page).getByText('支部组织生活记录').click();
  await page.waitForURL((u) => u.hash.startsWith('#/packages/branch/pages/record/index'));
  const rec = current(page);
  await rec.getByText('芝罘区社会组织第一联合党支部').waitFor();
  await rec.getByText('✓ 本季度').waitFor();
  const mine = rec.locator('.entry-row', { hasText: '张老师' });
  await mine.waitFor();
  expect((await mine.innerText()).replace(/\s+/g, '')).toContain(`${course.title}张老师`.replace(/\s+/g, ''));
  expect(await mine.locator('.via-badge').innerText()).toBe('线上');
  expect(await rec.locator('.month-row').count()).toBe(3);
  expect(await rec.locator('.inactive-card').innerText()).toMatch(/本季度还没参加学习的党员\s*\d+人/);

  // 导出Excel: the browser downloads the workbook under its name.
  const [download] = await Promise.all([page.waitForEvent('download'), rec.getByText('导出Excel', { exact: true }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-branch-export-')), download.suggestedFilename());
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  expect(book.worksheets.length).toBeGreaterThanOrEqual(2);
  const cells = book.worksheets.flatMap((ws) => {
    const out: string[] = [];
    ws.eachRow((row) => row.eachCell((cell) => out.push(String(cell.text))));
    return out;
  });
  expect(cells).toContain('张老师');
  expect(cells).toContain(course.title);
  expect(cells).toContain('郭秀兰');
  await page.getByText('表格已下载').waitFor();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});
