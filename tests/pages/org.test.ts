/**
 * 社会组织 pages of the BUILT weapp under miniprogram-simulate, talking through `wx.cloud.callFunction` to a real local
 * runtime (the built functions, the seeded register of ~310 organizations): the entry on 首页; the list with its street,
 * kind, party-organization and name filters, the total and 加载更多; an organization's page (profile with the leader's
 * phone masked, its party organization, figures); 王阿姨 claiming an organization she does not lead (pending, said on
 * the page); the district admin accepting that claim and verifying an unverified organization; the edit form's errors
 * at their fields (the form's own, the server's INPUT.INVALID, a blocked word); 党组织 by street.
 *
 * Needs `npm run build:weapp` and `npm run build:functions`.
 */
import { createCloudBridge, type CloudBridge } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';
import { restartableRuntime, runtimeApi, typeInto, wxRecord } from '../support/weapp-page';

const RESIDENT = 'demo-resident';
const ADMIN = 'demo-district-admin';
/** 芝罘区邻里守望志愿服务队 (向阳街道): verified, nobody claimed it; its leader phone is not 王阿姨's. */
const LINLI = 'org-linli-shouwang';
const LINLI_NAME = '芝罘区邻里守望志愿服务队';
/** 善和良公益发展中心: claimed by 刘书记, in the joint branch 善和良. */
const SHANHELIANG = 'org-shanheliang';

const runtime = restartableRuntime('redsail-org-pages-');
const { target } = runtime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;
jest.setTimeout(20_000);

const record = wxRecord(['navigateTo', 'redirectTo', 'navigateBack', 'switchTab']);
const { modals, answers, navigations } = record;

beforeAll(async () => {
  requireWeappBuild();
  await runtime.start();
  cloud = createCloudBridge(target, { openid: RESIDENT });
  weapp = bootWeapp({ wxCloud: cloud.wxCloud });
  record.install();
}, 40_000);

afterEach(() => {
  page?.unmount();
  page = null;
  record.clear();
});

afterAll(async () => {
  await runtime.stop();
});

const api = runtimeApi(target, 'org-pages');
interface Summary {
  id: string;
  name: string;
  streetId: string;
  verification: string;
}
interface Detail extends Summary {
  claim: string;
  myClaim: string;
  pendingClaim: unknown;
}
const calls = (action: string) => cloud.calls.filter((c) => c.name === 'org' && (c.data as { action: string }).action === action);
const lastInput = (action: string) => (calls(action).at(-1)?.data as { data?: Record<string, unknown> } | undefined)?.data;

describe('entries', () => {
  test('首页 has 社会组织: the register and 党组织', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('pages/index/index');
    await page.waitForText('看看社会组织');
    page.tap('看看社会组织');
    page.tap('党组织', page.byClass('home__orgs')[0]);
    await page.waitFor(() => navigations.length === 2);
    expect(navigations).toEqual(['navigateTo:/packages/org/pages/list/index', 'navigateTo:/packages/org/pages/party/index']);
  });
});

describe('社会组织 (the list)', () => {
  test('the whole district 20 at a time with the total; 加载更多 brings the next 20', async () => {
    cloud.setOpenid(RESIDENT);
    const all = await api<{ total: number }>(RESIDENT, 'org', 'list', {});
    page = await weapp.renderPage('packages/org/pages/list/index');
    await page.waitForText(`共${all.total}个组织`);
    expect(page.byClass('ocard')).toHaveLength(20);
    // A resident adds nothing to the register.
    expect(page.text()).not.toContain('新增组织');
    page.tap(`加载更多（还有${all.total - 20}个）`);
    await page.waitFor(() => page!.byClass('ocard').length === 40);
    expect(lastInput('list')).toEqual({ offset: 20, limit: 20 });
  });

  test('street, kind and party chips and the name search ask the register for them; the cards say kind, place and party', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/org/pages/list/index');
    await page.waitForText('向阳');
    const [streets, kinds, parties] = page.byClass('chips');
    page.tap('向阳', streets);
    await page.waitFor(() => lastInput('list')?.streetId === 'xiangyang' && !page!.text().includes('东山街道'));
    const card = page.byClass('ocard').find((c) => (c.textContent ?? '').includes('北大社区畅响艺术团'));
    expect(card?.textContent).toContain('社区社会组织 · 向阳街道 · 北大社区');
    expect(card?.textContent).toContain('服务：合唱、文艺演出');
    expect(card?.textContent).toContain('★ 联合党组织');

    page.tap('社会服务机构', kinds);
    await page.waitFor(() => lastInput('list')?.kind === 'service_agency');
    page.tap('未建党组织', parties);
    await page.waitFor(() => lastInput('list')?.party === 'none');
    expect(lastInput('list')).toEqual({ streetId: 'xiangyang', kind: 'service_agency', party: 'none', limit: 20 });
    await page.waitFor(() => page!.byClass('ocard').length === 0 || page!.text().includes('共'));

    page.tap('全区', streets);
    page.tap('不限', kinds);
    page.tap('不限', parties);
    typeInto(page.byClass('osearch__input')[0], '邻里守望');
    page.tap('查找');
    await page.waitForText('名称含「邻里守望」的组织共1个');
    expect(lastInput('list')).toEqual({ q: '邻里守望', limit: 20 });
    page.tap(page.byClass('ocard')[0] as Element);
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual([`navigateTo:/packages/org/pages/detail/index?orgId=${LINLI}`]);
  });

  test('an admin sees 新增组织', async () => {
    cloud.setOpenid(ADMIN);
    page = await weapp.renderPage('packages/org/pages/list/index');
    await page.waitForText('新增组织');
    page.tap('新增组织');
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['navigateTo:/packages/org/pages/edit/index']);
  });
});

describe('组织详情', () => {
  test('a seeded organization: profile with the leader phone masked, its party organization, figures; no admin actions for a resident', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/org/pages/detail/index', { orgId: SHANHELIANG });
    await page.waitForText('善和良公益发展中心');
    const text = page.text();
    for (const words of ['社会服务机构', '东山街道 · 海韵社区', '10–29人', '社区疑难调解、助老服务、退役军人关爱', '林建华', '联合建立党组织', '近12个月', '成员志愿服务时长', '组织简介', '组织的活动']) {
      expect(text).toContain(words);
    }
    expect(text).toMatch(/负责人\s*王虎（1\d\d\*\*\*\*\d{4}）/);
    expect(text).not.toMatch(/1\d{10}/);
    for (const admin of ['核实资料', '合并重复记录', '编辑资料', '我是负责人，认领']) expect(text).not.toContain(admin);
    page.tap(page.byClass('odetail__link')[0] as Element);
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['navigateTo:/packages/org/pages/party/index?streetId=dongshan']);
  });

  test('王阿姨 claims an organization whose leader phone is not hers: after confirming, it waits for the street', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/org/pages/detail/index', { orgId: LINLI });
    await page.waitForText('我是负责人，认领');
    page.tap('我是负责人，认领');
    await page.waitForText('您的认领正在等街道核实');
    expect(modals.map((m) => m.title)).toEqual(['认领这个组织', '已提交认领']);
    expect(calls('claim')).toHaveLength(1);
    expect(page.text()).not.toContain('我是负责人，认领');
    const seen = await api<Detail>(RESIDENT, 'org', 'get', { orgId: LINLI });
    expect(seen.myClaim).toBe('pending');
  });

  test('the district admin sees the claim and accepts it after confirming; 王阿姨 then leads it', async () => {
    cloud.setOpenid(ADMIN);
    page = await weapp.renderPage('packages/org/pages/detail/index', { orgId: LINLI });
    await page.waitForText('有人申请认领这个组织');
    expect(page.text()).toContain('王阿姨（138****1234）');
    page.tap('同意认领');
    await page.waitFor(() => !page!.text().includes('有人申请认领这个组织'));
    expect(modals[0]).toEqual(expect.objectContaining({ title: '同意认领' }));
    expect(lastInput('verify')).toEqual({ orgId: LINLI, claim: 'accept' });
    expect((await api<Detail>(RESIDENT, 'org', 'get', { orgId: LINLI })).myClaim).toBe('claimed');
  });

  test('the district admin verifies an unverified organization after confirming (the badge goes)', async () => {
    const { items } = await api<{ items: Summary[] }>(ADMIN, 'org', 'list', { verification: 'unverified', streetId: 'xiangyang' });
    const org = items[0] as Summary;
    cloud.setOpenid(ADMIN);
    page = await weapp.renderPage('packages/org/pages/detail/index', { orgId: org.id });
    await page.waitForText('待街道核实');
    const before = calls('verify').length;
    answers.push(false);
    page.tap('核实资料');
    await page.waitFor(() => modals.length === 1);
    expect(calls('verify')).toHaveLength(before);
    page.tap('核实资料');
    await page.waitForText('✓ 街道已核实');
    expect(page.text()).not.toContain('待街道核实');
    expect(lastInput('verify')).toEqual({ orgId: org.id });
    expect((await api<Detail>(ADMIN, 'org', 'get', { orgId: org.id })).verification).toBe('verified');
  });
});

describe('编辑组织信息', () => {
  test('errors at their fields: the form’s own, the server’s INPUT.INVALID, a blocked word; nothing saved until right', async () => {
    cloud.setOpenid(ADMIN);
    page = await weapp.renderPage('packages/org/pages/edit/index', { orgId: LINLI });
    await page.waitForText('保存修改');
    const name = () => page!.byClass('field__input')[0];
    const badText = () => page!.byClass('field--bad').map((f) => f.textContent ?? '').join('|');

    typeInto(name(), '');
    typeInto(page.byClass('field__input')[2], '1380');
    page.tap('保存修改');
    await page.waitForText('有几项需要修改，请看红字提示');
    expect(badText()).toContain('请填写组织名称');
    expect(badText()).toContain('请填写11位手机号');
    expect(calls('update')).toHaveLength(0);

    // Longer than the contract allows (the box's maxlength is the phone's only guard): the server's words at the field.
    typeInto(name(), '邻'.repeat(41));
    typeInto(page.byClass('field__input')[2], '');
    page.tap('保存修改');
    await page.waitFor(() => badText().includes('组织名称请不超过40字'));
    expect(calls('update')).toHaveLength(1);

    typeInto(name(), '邻里守望赌博劝阻队');
    page.tap('保存修改');
    await page.waitFor(() => badText().includes('不适合发布'));
    expect(calls('update')).toHaveLength(2);
    expect(page.byClass('field--bad')).toHaveLength(1);
    expect(page.byClass('field--bad')[0]?.textContent).toContain('组织名称');
    expect((await api<Detail>(ADMIN, 'org', 'get', { orgId: LINLI })).name).toBe(LINLI_NAME);

    // Right now: saved, back to the organization. The leader phone box left empty is left out of the profile (the page
    // only knows the masked number: the one on record is kept).
    typeInto(name(), `${LINLI_NAME}（向阳）`);
    page.tap('保存修改');
    await page.waitFor(() => navigations.length === 1);
    const saved = lastInput('update') as { profile: Record<string, unknown> };
    expect(saved.profile).not.toHaveProperty('leaderPhone');
    expect((await api<Detail>(ADMIN, 'org', 'get', { orgId: LINLI })).name).toBe(`${LINLI_NAME}（向阳）`);
  });
});

describe('党组织', () => {
  test('a street’s party organizations with their member organizations, secretary and members', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/org/pages/party/index', { streetId: 'xiangyang' });
    await page.waitForText('向阳街道社会组织第一联合党支部');
    expect(page.text()).toContain('★ 联合党支部');
    expect(page.text()).toContain('★ 单独组建');
    expect(lastInput('partyOrgs')).toEqual({ streetId: 'xiangyang' });
    expect(page.text()).not.toContain('新建党组织');
    const [streets] = page.byClass('chips');
    page.tap('全区', streets);
    await page.waitForText('东山街道社会组织第一联合党支部');
    expect(lastInput('partyOrgs')).toEqual({});
  });
});
