/**
 * 管理后台 pages of the BUILT weapp under miniprogram-simulate, talking through `wx.cloud.callFunction` to a real local
 * runtime (the built functions over a fresh seeded database): 我的 → 管理后台 only for administrators, a polite 无权限
 * for anyone else, the district admin (周部长) sees every street's venues and adds one through the form (its errors at
 * the fields first, nothing sent), the street admin of 向阳街道 (孙科长) sees only her street's venues.
 * Needs `npm run build:weapp` and `npm run build:functions`.
 */
import { createCloudBridge, type CloudBridge } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';
import { restartableRuntime, runtimeApi, typeInto, wxRecord } from '../support/weapp-page';

const DISTRICT = 'demo-district-admin';
const STREET = 'demo-street-admin';

const runtime = restartableRuntime('redsail-admin-pages-');
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;
jest.setTimeout(30_000);

const record = wxRecord();
const { modals, navigations } = record;

beforeAll(async () => {
  requireWeappBuild();
  await runtime.start();
  cloud = createCloudBridge(runtime.target, { openid: DISTRICT });
  weapp = bootWeapp({ wxCloud: cloud.wxCloud });
  record.install();
}, 60_000);

afterEach(() => {
  page?.unmount();
  page = null;
  record.clear();
});

afterAll(async () => {
  await runtime.stop();
});

const api = runtimeApi(runtime.target, 'admin-pages');
interface Venue {
  id: string;
  name: string;
  streetId: string | null;
  level: string;
  capacity: number;
}
const venuesAs = (openid: string) => api<{ venues: Venue[] }>(openid, 'admin', 'venues', { includeRetired: true }).then((r) => r.venues);
const calls = (action: string) => cloud.calls.filter((c) => c.name === 'admin' && (c.data as { action: string }).action === action);
/** The text box of the form field labelled `label`. */
const inputLabelled = (p: PageHandle, label: string): Element => {
  const field = p.byClass('field').find((f) => p.findAllByText(label, f).length > 0);
  const el = field ? p.byClass('field__input', field)[0] : undefined;
  if (!el) throw new Error(`no input ${label}\n${p.text()}`);
  return el;
};

describe('我的 → 管理后台', () => {
  test('a district admin finds 管理后台 on 我的; a resident does not', async () => {
    cloud.setOpenid(DISTRICT);
    page = await weapp.renderPage('pages/me/index');
    await page.waitForText('管理后台');
    page.tap('管理后台');
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['navigateTo:/packages/admin/pages/home/index']);
    page.unmount();

    cloud.setOpenid('demo-resident');
    page = await weapp.renderPage('pages/me/index');
    await page.waitForText('我的预约');
    expect(page.text()).not.toContain('管理后台');
  });
});

describe('管理后台 home', () => {
  test('the district admin sees who she is and the cards', async () => {
    cloud.setOpenid(DISTRICT);
    page = await weapp.renderPage('packages/admin/pages/home/index');
    await page.waitForText('区管理员');
    for (const card of ['场地管理', '红帆站管理', '社会组织', '党组织', '人员与角色', '操作记录', '数据看板']) expect(page.text()).toContain(card);
    page.tap('场地管理');
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['navigateTo:/packages/admin/pages/venues/index']);
  });

  test('the street admin is 向阳街道管理员', async () => {
    cloud.setOpenid(STREET);
    page = await weapp.renderPage('packages/admin/pages/home/index');
    await page.waitForText('向阳街道管理员');
  });

  test('someone who is not an administrator sees 无权限, and no administration is asked for', async () => {
    cloud.setOpenid('demo-venue-manager');
    for (const route of ['home', 'venues', 'venue-edit', 'people', 'audit']) {
      page = await weapp.renderPage(`packages/admin/pages/${route}/index`);
      await page.waitForText('无权限');
      page.unmount();
      page = null;
    }
    expect(cloud.calls.filter((c) => c.name === 'admin' && c.openid === 'demo-venue-manager')).toEqual([]);
  });
});

describe('场地管理', () => {
  test('the street admin sees only her street’s venues', async () => {
    cloud.setOpenid(STREET);
    page = await weapp.renderPage('packages/admin/pages/venues/index');
    await page.waitForText('向阳街道党群服务中心活动室');
    const text = page.text();
    expect(text).toContain('北大社区文体活动室');
    for (const other of ['东山街道社会组织服务中心会议室', '创益园多功能厅', '海韵社区多功能室']) expect(text).not.toContain(other);
    // No street chips for a street admin.
    expect(text).not.toContain('全部街道');
  });

  test('the district admin sees every street, with street chips', async () => {
    cloud.setOpenid(DISTRICT);
    page = await weapp.renderPage('packages/admin/pages/venues/index');
    await page.waitForText('创益园多功能厅');
    expect(page.text()).toContain('东山街道社会组织服务中心会议室');
    expect(page.text()).toContain('全部街道');
    page.tap('+ 新增场地');
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['navigateTo:/packages/admin/pages/venue-edit/index']);
  });
});

describe('新增场地', () => {
  test('an empty form shows what is missing at each field, and nothing is sent', async () => {
    cloud.setOpenid(DISTRICT);
    page = await weapp.renderPage('packages/admin/pages/venue-edit/index');
    await page.waitForText('基本信息');
    const before = calls('saveVenue').length;
    page.tap('新增场地');
    await page.waitForText('请填写场地名称，至少2个字');
    expect(page.text()).toContain('请填写地址，至少4个字');
    expect(page.text()).toContain('请选择所在街道');
    expect(page.text()).toContain('有几项需要修改，请看红字提示');
    expect(calls('saveVenue').length).toBe(before);
  });

  test('the district admin adds a district-level venue; it is saved as typed, and managers can be added next', async () => {
    cloud.setOpenid(DISTRICT);
    page = await weapp.renderPage('packages/admin/pages/venue-edit/index');
    await page.waitForText('基本信息');
    typeInto(inputLabelled(page, '场地名称'), '创益园书画室');
    typeInto(inputLabelled(page, '地址'), '芝罘区南大街100号创益园三楼');
    page.tap('区级（创益园）');
    page.tap('需要审批');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('创益园书画室'));
    page.tap('新增场地');
    await page.waitForText('场地已新增');
    // The new venue's managers section and 停用 follow once it is read back.
    await page.waitForText('还没有场地管理员');
    await page.waitForText('停用场地');
    const saved = (await venuesAs(DISTRICT)).find((v) => v.name === '创益园书画室');
    expect(saved).toEqual(expect.objectContaining({ level: 'district', streetId: null, needsApproval: true, capacity: 20 }));
    expect(modals).toEqual([]);
  });

  test('a street admin cannot pick 区级 and her venue lands in her street', async () => {
    cloud.setOpenid(STREET);
    page = await weapp.renderPage('packages/admin/pages/venue-edit/index');
    await page.waitForText('基本信息');
    expect(page.text()).not.toContain('区级（创益园）');
    expect(page.text()).toContain('向阳街道');
    typeInto(inputLabelled(page, '场地名称'), '向阳街道议事厅');
    typeInto(inputLabelled(page, '地址'), '向阳街道办事处二楼');
    expect(page.text()).toContain('✓ 街道');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('向阳街道议事厅'));
    page.tap('新增场地');
    await page.waitForText('场地已新增');
    const saved = (await venuesAs(STREET)).find((v) => v.name === '向阳街道议事厅');
    expect(saved).toEqual(expect.objectContaining({ level: 'street', streetId: 'xiangyang' }));
  });
});
