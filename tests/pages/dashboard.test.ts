/**
 * 数据看板 (the committee's dashboard) of the BUILT weapp under miniprogram-simulate, against a real local runtime
 * (built functions, fresh seeded database). The district admin (周部长, demo-district-admin) sees 今年 for the whole
 * district: the headline figures, every chart's table, 全区 and each street to choose; choosing 向阳 or 本季度 asks
 * for that street or quarter; 下载表格 fetches that table as .xlsx, writes it to the user files and opens it with the
 * menu on. The street admin (孙科长, demo-street-admin) has no street to choose and sees 向阳街道; a resident is told
 * the page is not theirs and nothing is asked of admin; a failed call shows 重新加载. The simulator has no 2d canvas:
 * the tables carry every number (as they do for screen readers). Needs `npm run build:weapp` and `npm run build:functions`.
 */
import { dateOf } from '../../types/date-format';
import { niceAxis } from '../../src/components/dashboard/charts';
import { customRange, monthEnd, presetRange } from '../../src/components/dashboard/format';
import { createCloudBridge, type CloudBridge } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';
import { answer as ok, restartableRuntime, wxRecord, wx, type WxOptions } from '../support/weapp-page';

const ROUTE = 'packages/dashboard/pages/index/index';
const USER_DATA_PATH = 'http://usr';

const runtime = restartableRuntime('redsail-dashboard-pages-');
const { target } = runtime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;
jest.setTimeout(20_000);

const wxCalls = wxRecord();
const written: Array<{ filePath: string; data: string; encoding: string }> = [];
const opened: Array<{ filePath: string; fileType?: string; showMenu?: boolean }> = [];

beforeAll(async () => {
  requireWeappBuild();
  await runtime.start();
  cloud = createCloudBridge(target, { openid: 'demo-district-admin' });
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
    ok(o, { errMsg: 'openDocument:ok' });
  };
}, 40_000);

afterEach(() => {
  page?.unmount();
  page = null;
  wxCalls.clear();
  cloud.goOnline();
});

afterAll(async () => {
  await runtime.stop();
});

type Sent = { action: string; data: { streetId?: string; from: string; to: string; table?: string } };
const sent = (action: string, openid?: string) =>
  cloud.calls.filter((c) => c.name === 'admin' && (c.data as Sent).action === action && (!openid || c.openid === openid)).map((c) => (c.data as Sent).data);

const today = () => dateOf(Date.now());
/** A choice chip (its text is the label, ✓ before it when chosen); 本季度 is also a figure's note. */
const chip = (p: PageHandle, label: string): Element => {
  const found = p.byClass('chip').find((c) => (c.textContent ?? '').replace(/^✓ /, '') === label);
  if (!found) throw new Error(`no chip ${label}`);
  return found;
};
const FIGURES = ['场地使用率', '预约次数', '爽约率', '志愿服务时长', '活跃志愿者', '课程完成', '组织生活覆盖率', '活动场次/参加人次', '社会组织数'];
const TABLES = ['场地使用（按月）', '各街道场地使用', '最忙的时段', '最忙的场地', '志愿服务时长（按月）', '课程完成与活动（按月）', '社会组织（按类型）', '党组织覆盖', '党支部组织生活覆盖'];

describe('数据看板 for the district admin', () => {
  test('今年 for the whole district: figures, every table, 数据更新于, and 全区 and each street to choose', async () => {
    cloud.setOpenid('demo-district-admin');
    page = await weapp.renderPage(ROUTE);
    await page.waitForText('芝罘区全区');
    const text = page.text();
    for (const label of [...FIGURES, ...TABLES]) expect(text).toContain(label);
    expect(text).toMatch(/数据更新于 \d{4}年\d+月\d+日 \d{2}:\d{2}|数据还没有开始统计/);
    // Every month of the year so far is a row of the month table (the numbers the charts draw).
    const month = Number(today().slice(5, 7));
    expect(text).toContain(`${today().slice(0, 4)}年${month}月`);
    // 全区 chosen, and every street offered.
    expect(page.getByText('✓ 全区')).toBeTruthy();
    for (const street of ['向阳', '东山', '芝罘岛', '幸福']) expect(page.findAllByText(street)).toHaveLength(1);
    expect(sent('dashboard', 'demo-district-admin').at(-1)).toEqual({ from: `${today().slice(0, 4)}-01-01`, to: today() });
  });

  test('choosing 向阳 asks for that street; 本季度 for the quarter so far', async () => {
    cloud.setOpenid('demo-district-admin');
    page = await weapp.renderPage(ROUTE);
    await page.waitForText('芝罘区全区');
    page.tap(chip(page, '向阳'));
    await page.waitForText('✓ 向阳');
    await page.waitFor(() => sent('dashboard').at(-1)?.streetId === 'xiangyang');
    // The heading says the street once its answer is in.
    await page.waitFor(() => !page!.text().includes('芝罘区全区'));
    expect(page.findAllByText('向阳街道').length).toBeGreaterThan(0);

    page.tap(chip(page, '本季度'));
    await page.waitForText('✓ 本季度');
    const [y, m] = [today().slice(0, 4), Number(today().slice(5, 7))];
    const quarterStart = `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    await page.waitFor(() => sent('dashboard').at(-1)?.from === quarterStart);
    expect(sent('dashboard').at(-1)).toEqual({ from: quarterStart, to: today(), streetId: 'xiangyang' });
  });

  test('a street named in the link is shown first', async () => {
    cloud.setOpenid('demo-district-admin');
    page = await weapp.renderPage(ROUTE, { streetId: 'dongshan' });
    await page.waitForText('✓ 东山');
    await page.waitFor(() => sent('dashboard').at(-1)?.streetId === 'dongshan');
  });

  test('下载表格 under the month table fetches it as .xlsx and opens it with the menu on', async () => {
    cloud.setOpenid('demo-district-admin');
    page = await weapp.renderPage(ROUTE);
    await page.waitForText('芝罘区全区');
    const before = opened.length;
    page.tap(page.findAllByText('下载表格')[0]!);
    await page.waitFor(() => opened.length === before + 1);
    expect(sent('exportTable').at(-1)).toEqual({ table: 'months', from: `${today().slice(0, 4)}-01-01`, to: today() });
    const file = written.at(-1)!;
    expect(file.filePath.startsWith(`${USER_DATA_PATH}/`)).toBe(true);
    expect(file.filePath.endsWith('.xlsx')).toBe(true);
    expect(file.encoding).toBe('base64');
    // An .xlsx is a zip: it starts with PK.
    expect(Buffer.from(file.data, 'base64').subarray(0, 2).toString()).toBe('PK');
    expect(opened.at(-1)).toEqual({ filePath: file.filePath, fileType: 'xlsx', showMenu: true });
  });

  test('a failed call says so and 重新加载 asks again', async () => {
    cloud.setOpenid('demo-district-admin');
    page = await weapp.renderPage(ROUTE);
    await page.waitForText('芝罘区全区');
    await cloud.goOffline();
    page.tap(chip(page, '本季度'));
    await page.waitForText('重新加载');
    cloud.goOnline();
    page.tap('重新加载');
    await page.waitForText('芝罘区全区');
  });

  test('the branch table shows ten branches first, 显示全部 the rest', async () => {
    cloud.setOpenid('demo-district-admin');
    page = await weapp.renderPage(ROUTE);
    await page.waitForText('芝罘区全区');
    const more = page.findAllByText(/^显示全部\d+行$/);
    expect(more).toHaveLength(1);
    const total = Number(/\d+/.exec(more[0]!.textContent ?? '')![0]);
    expect(total).toBeGreaterThan(10);
    expect(page.text()).toContain('芝罘区社会组织第一联合党支部');
    expect(page.text()).not.toContain('幸福街道社会组织第七联合党支部');
    page.tap(more[0]!);
    await page.waitFor(() => page!.findAllByText(/^显示全部\d+行$/).length === 0);
    expect(page.text()).toContain('幸福街道社会组织第七联合党支部');
  });
});

describe('数据看板 for others', () => {
  test('the street admin sees their street, with no street to choose', async () => {
    cloud.setOpenid('demo-street-admin');
    page = await weapp.renderPage(ROUTE);
    await page.waitFor(() => sent('dashboard', 'demo-street-admin').length > 0);
    await page.waitForText('场地使用（按月）');
    expect(page.text()).toContain('向阳街道');
    expect(page.text()).not.toContain('看哪个街道');
    expect(page.findAllByText('全区')).toHaveLength(0);
    expect(sent('dashboard', 'demo-street-admin').at(-1)).toEqual({ from: `${today().slice(0, 4)}-01-01`, to: today() });
  });

  test('a resident is told the page is not theirs, and the dashboard is never asked for', async () => {
    cloud.setOpenid('demo-resident');
    page = await weapp.renderPage(ROUTE);
    await page.waitForText('数据看板只给区、街道的管理员使用');
    await new Promise((r) => setTimeout(r, 200));
    expect(sent('dashboard', 'demo-resident')).toEqual([]);
    expect(page.text()).not.toContain('场地使用率');
  });
});

describe('the ranges the page asks for', () => {
  test('今年, 近12个月 and 本季度 end today (Beijing date), in whole months from their first day', () => {
    expect(presetRange('year', '2026-12-02')).toEqual({ from: '2026-01-01', to: '2026-12-02' });
    expect(presetRange('last12', '2026-12-02')).toEqual({ from: '2026-01-01', to: '2026-12-02' });
    expect(presetRange('last12', '2026-03-31')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(presetRange('last12', '2026-01-05')).toEqual({ from: '2025-02-01', to: '2026-01-05' });
    expect(presetRange('quarter', '2026-12-02')).toEqual({ from: '2026-10-01', to: '2026-12-02' });
    expect(presetRange('quarter', '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
  });

  test("自选月份: whole months, the later month's last day; backwards or over 24 months is said, not asked", () => {
    expect(customRange('2025-02', '2026-02')).toEqual({ from: '2025-02-01', to: '2026-02-28' });
    expect(customRange('2024-01', '2024-02')).toEqual({ from: '2024-01-01', to: '2024-02-29' });
    expect(customRange('2024-01', '2025-12')).toEqual({ from: '2024-01-01', to: '2025-12-31' });
    expect(customRange('2024-01', '2026-01')).toEqual({ problem: '一次最多看24个月，请少选几个月' });
    expect(customRange('2026-05', '2026-04')).toEqual({ problem: '开始月份不能晚于结束月份' });
    expect(monthEnd('2026-12')).toBe('2026-12-31');
  });

  test('bar axes end on a round number above the longest bar (room for its label)', () => {
    expect(niceAxis(612.5 * 1.25)).toEqual({ max: 800, splitNumber: 4 });
    expect(niceAxis(120)).toEqual({ max: 150, splitNumber: 3 });
    expect(niceAxis(0)).toEqual({ max: 4, splitNumber: 4 });
  });
});
