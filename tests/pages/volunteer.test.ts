/**
 * 志愿服务 (volunteer) pages of the BUILT weapp under miniprogram-simulate, talking through `wx.cloud.callFunction` to a
 * real local runtime (local-cloud/main.ts with the built functions and a fresh seeded database): 注册成为志愿者, 找服务
 * (报名 → 已报名, 排队候补 → 候补第N位), 我的服务 (取消报名, late warning), 签到 / 签退 by typing the manager's current six
 * digits, 我的时长 with stars, 服务证明 drawn on a canvas and saved to the album (WeChat's canvas and album stood in).
 *
 * The manager (赵站长, demo-station-manager, st-beida) creates shifts and reads the rotating code over the runtime's HTTP
 * API, as his own phone would. For check-out after the shift, the runtime is restarted on the same data with its clock
 * 80 minutes on (DEMO_CLOCK=+80m), on the same port. Needs `npm run build:weapp` and `npm run build:functions`.
 */
import { createCloudBridge, type CloudBridge } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';
import { answer as ok, refuse as fail, restartableRuntime, runtimeApi, wxRecord, wx, type WxOptions } from '../support/weapp-page';

const MANAGER = 'demo-station-manager';
const STATION = 'st-beida';

const runtime = restartableRuntime('redsail-volunteer-pages-');
const { target } = runtime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;
jest.setTimeout(20_000);

const record = wxRecord();
const { modals, answers, toasts, navigations } = record;


beforeAll(async () => {
  requireWeappBuild();
  await runtime.start();
  cloud = createCloudBridge(target, { openid: 'demo-resident' });
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

// ---- the runtime's HTTP API, as the manager's and other volunteers' own phones use it

const api = runtimeApi(target, 'volunteer-pages');

interface Shift {
  id: string;
  title: string;
  start: string;
  end: string;
}
interface MyShift extends Shift {
  myState: string;
  position: number | null;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  hours: number;
}

const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString();
const iso = (ms: number) => `${beijing(ms).slice(0, 16)}:00+08:00`;
const MINUTE = 60_000;

async function createShift(title: string, startMs: number, minutes: number, capacity: number): Promise<Shift> {
  const start = Math.ceil(startMs / MINUTE) * MINUTE;
  return api<Shift>(MANAGER, 'volunteer', 'createShift', { stationId: STATION, title, start: iso(start), end: iso(start + minutes * MINUTE), capacity, place: '北大社区党群服务中心一楼' }, true);
}
const register = (openid: string, realName: string, phone: string) => api(openid, 'volunteer', 'register', { realName, phone }, true);
const myShifts = (openid: string, when: 'upcoming' | 'past' = 'upcoming') => api<{ shifts: MyShift[] }>(openid, 'volunteer', 'myShifts', { when }).then((r) => r.shifts);
const shiftCode = (shiftId: string) => api<{ code: string }>(MANAGER, 'volunteer', 'shiftCode', { shiftId }).then((r) => r.code);
const calls = (action: string) => cloud.calls.filter((c) => c.name === 'volunteer' && (c.data as { action: string }).action === action);

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- WeChat's event system, as the harness uses it for taps */
const exparser = require('miniprogram-exparser') as {
  Event: { create(name: string, detail: unknown, options: Record<string, unknown>): unknown; dispatchEvent(target: unknown, event: unknown): void };
};
/** Typing into an <input>: WeChat sends `input` events carrying the whole value. */
function typeInto(el: Element | undefined, value: string): void {
  const t = (el as { __wxElement?: unknown } | undefined)?.__wxElement;
  if (!t) throw new Error('not a rendered mini-program node');
  exparser.Event.dispatchEvent(t, exparser.Event.create('input', { value, cursor: value.length }, { bubbles: false, composed: false }));
}
const cardOf = (p: PageHandle, title: string): Element => {
  const card = p.byClass('vshift-card').find((c) => (c.textContent ?? '').includes(title));
  if (!card) throw new Error(`no card for ${title}\n${p.text()}`);
  return card;
};

// ---- the story: 张秀兰 registers, signs up, cancels, checks in and out; her hours and certificate

const V = { openid: 'vol-page-1', name: '张秀兰', phone: '13905351111' };
const OTHER = { openid: 'vol-page-2', name: '刘建华', phone: '13905352222' };
let later: Shift;
let full: Shift;
let soon: Shift;

describe('我的 → 志愿服务', () => {
  test('someone not registered is offered 注册成为志愿者 (and 查验证明), not the volunteer entries', async () => {
    cloud.setOpenid('demo-resident');
    page = await weapp.renderPage('pages/me/index');
    await page.waitForText('注册成为志愿者');
    expect(page.text()).toContain('查验证明');
    expect(page.text()).not.toContain('我的时长');
    page.tap('注册成为志愿者');
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['navigateTo:/packages/volunteer/pages/register/index']);
  });
});

describe('注册成为志愿者', () => {
  test('the terms come first; the name is required at its field (nothing sent); registering grants the volunteer role', async () => {
    // She gave her phone on first use: the form offers it, in full, to her alone.
    await api(V.openid, 'user', 'setProfile', { nickname: '张阿姨', phone: V.phone }, true);
    cloud.setOpenid(V.openid);
    page = await weapp.renderPage('packages/volunteer/pages/register/index');
    await page.waitForText('志愿者须知');
    const text = page.text();
    expect(text).toContain('真实姓名和手机号会保存下来');
    expect(text).toContain('站长看到');
    expect(text).toContain('随时可以不再参加');
    // The terms are above the form.
    expect(text.indexOf('志愿者须知')).toBeLessThan(text.indexOf('填写登记信息'));
    await page.waitFor(() => JSON.stringify(page!.data()).includes(V.phone));

    const before = calls('register').length;
    page.tap('同意并注册');
    await page.waitForText('请填写真实姓名（2到15个汉字）');
    expect(calls('register').length).toBe(before);

    typeInto(page.byClass('v-field__input')[0], V.name);
    await page.waitFor(() => JSON.stringify(page!.data()).includes(V.name));
    page.tap('同意并注册');
    await page.waitFor(() => navigations.length > 0);
    expect(navigations).toEqual(['redirectTo:/packages/volunteer/pages/shifts/index']);
    expect(toasts).toContain('注册成功');
    const me = await api<{ registered: boolean; realNameMasked: string; phoneMasked: string }>(V.openid, 'volunteer', 'me', {});
    expect(me).toEqual(expect.objectContaining({ registered: true, phoneMasked: '139****1111' }));
    const user = await api<{ roles: Array<{ role: string }> }>(V.openid, 'user', 'me', {});
    expect(user.roles.map((r) => r.role)).toContain('volunteer');
  });

  test('找服务 before registering leads to the registration', async () => {
    cloud.setOpenid('demo-resident-2');
    page = await weapp.renderPage('packages/volunteer/pages/shifts/index');
    await page.waitForText('先注册成为志愿者');
    expect(calls('shifts').filter((c) => c.openid === 'demo-resident-2')).toEqual([]);
    page.tap('注册成为志愿者');
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['navigateTo:/packages/volunteer/pages/register/index']);
  });
});

describe('找服务', () => {
  test('报名 after confirming → 已报名; a full shift → 排队候补 → 候补第1位', async () => {
    later = await createShift('社区环境清洁', Date.now() + 26 * 60 * MINUTE, 120, 3);
    full = await createShift('助老陪诊', Date.now() + 27 * 60 * MINUTE, 120, 1);
    await register(OTHER.openid, OTHER.name, OTHER.phone);
    expect(await api(OTHER.openid, 'volunteer', 'signUp', { shiftId: full.id }, true)).toEqual(expect.objectContaining({ state: 'confirmed' }));

    cloud.setOpenid(V.openid);
    page = await weapp.renderPage('packages/volunteer/pages/shifts/index');
    await page.waitForText('社区环境清洁');
    expect(cardOf(page, '社区环境清洁').textContent).toContain('剩3个名额');
    expect(cardOf(page, '助老陪诊').textContent).toContain('已满');

    page.tap('报名', cardOf(page, '社区环境清洁'));
    await page.waitFor(() => cardOf(page!, '社区环境清洁').textContent?.includes('已报名'));
    expect(modals[0]).toEqual(expect.objectContaining({ title: '报名参加', confirmText: '确认报名' }));
    expect(cardOf(page, '社区环境清洁').textContent).toContain('剩2个名额');

    page.tap('排队候补', cardOf(page, '助老陪诊'));
    await page.waitFor(() => cardOf(page!, '助老陪诊').textContent?.includes('候补第1位'));
    expect(modals[1]).toEqual(expect.objectContaining({ title: '排队候补' }));

    const mine = await myShifts(V.openid);
    expect(mine.find((s) => s.id === later.id)).toEqual(expect.objectContaining({ myState: 'confirmed' }));
    expect(mine.find((s) => s.id === full.id)).toEqual(expect.objectContaining({ myState: 'waitlisted', position: 1 }));
  });

  test('declining the confirmation signs up for nothing', async () => {
    const extra = await createShift('图书角整理', Date.now() + 30 * 60 * MINUTE, 60, 5);
    cloud.setOpenid(V.openid);
    page = await weapp.renderPage('packages/volunteer/pages/shifts/index');
    await page.waitForText('图书角整理');
    const before = calls('signUp').length;
    answers.push(false);
    page.tap('报名', cardOf(page, '图书角整理'));
    await page.waitFor(() => modals.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(calls('signUp').length).toBe(before);
    expect((await myShifts(V.openid)).some((s) => s.id === extra.id)).toBe(false);
  });
});

describe('我的服务', () => {
  test('取消报名 a day ahead: asked plainly, not as late, and the place is given up', async () => {
    cloud.setOpenid(V.openid);
    page = await weapp.renderPage('packages/volunteer/pages/mine/index');
    await page.waitForText('社区环境清洁');
    expect(cardOf(page, '助老陪诊').textContent).toContain('候补第1位');
    page.tap('取消报名', cardOf(page, '社区环境清洁'));
    await page.waitFor(() => !page!.text().includes('社区环境清洁'));
    expect(modals[0]?.title).toBe('取消报名');
    expect(modals[0]?.content).not.toContain('临时取消');
    expect(toasts).toContain('已取消报名');
    expect((await myShifts(V.openid)).some((s) => s.id === later.id && s.myState === 'confirmed')).toBe(false);
  });

  test('less than 2 hours before the start the question warns of a late cancellation; saying no keeps the place', async () => {
    soon = await createShift('敬老院陪伴聊天', Date.now() + 10 * MINUTE, 60, 4);
    await api(V.openid, 'volunteer', 'signUp', { shiftId: soon.id }, true);
    cloud.setOpenid(V.openid);
    page = await weapp.renderPage('packages/volunteer/pages/mine/index');
    await page.waitForText('敬老院陪伴聊天');
    // On the day: 签到 leads to the check-in page of this shift.
    page.tap('签到', cardOf(page, '敬老院陪伴聊天'));
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual([`navigateTo:/packages/volunteer/pages/checkin/index?shiftId=${soon.id}&mode=in`]);

    const before = calls('cancel').length;
    answers.push(false);
    page.tap('取消报名', cardOf(page, '敬老院陪伴聊天'));
    await page.waitFor(() => modals.length === 1);
    expect(modals[0]?.content).toContain('临时取消');
    expect(modals[0]?.confirmColor?.toUpperCase()).toBe('#B3141A');
    await new Promise((r) => setTimeout(r, 200));
    expect(calls('cancel').length).toBe(before);
    expect((await myShifts(V.openid)).find((s) => s.id === soon.id)?.myState).toBe('confirmed');
  });
});

describe('签到 (typing the code)', () => {
  test('a wrong code is refused in plain words; the manager’s current six digits check her in', async () => {
    cloud.setOpenid(V.openid);
    page = await weapp.renderPage('packages/volunteer/pages/checkin/index', { shiftId: soon.id, mode: 'in' });
    await page.waitForText('敬老院陪伴聊天');
    expect(page.text()).toContain('请输入站长手机上显示的6位数字');
    expect(page.byClass('code-boxes__box')).toHaveLength(6);

    const code = await shiftCode(soon.id);
    const wrong = code === '000000' ? '111111' : '000000';
    typeInto(page.byClass('code-boxes__input')[0], wrong);
    await page.waitFor(() => page!.byClass('code-boxes__digit').map((d) => d.textContent).join('') === wrong);
    page.tap('确认签到');
    await page.waitForText(/签到码不对|签到码已过期/);
    expect((await myShifts(V.openid)).find((s) => s.id === soon.id)?.checkedInAt).toBeNull();

    typeInto(page.byClass('code-boxes__input')[0], await shiftCode(soon.id));
    await page.waitFor(() => page!.byClass('code-boxes__digit').every((d) => /\d/.test(d.textContent ?? '')));
    page.tap('确认签到');
    await page.waitForText('签到成功');
    const mine = (await myShifts(V.openid)).find((s) => s.id === soon.id);
    expect(mine?.checkedInAt).toEqual(expect.any(String));
    expect(page.text()).toContain(`签到时间 ${beijing(Date.parse(mine!.checkedInAt!)).slice(11, 16)}`);
  });

  test('checking in twice is refused with its own words', async () => {
    cloud.setOpenid(V.openid);
    page = await weapp.renderPage('packages/volunteer/pages/checkin/index', { shiftId: soon.id, mode: 'in' });
    await page.waitForText('敬老院陪伴聊天');
    typeInto(page.byClass('code-boxes__input')[0], await shiftCode(soon.id));
    await page.waitFor(() => page!.byClass('code-boxes__digit').every((d) => /\d/.test(d.textContent ?? '')));
    page.tap('确认签到');
    await page.waitForText('您已经签到过了');
  });
});

describe('签到 at a shift with a 签到范围 (geofence)', () => {
  test('the page says why before asking for the location; a refusal is said kindly; too far says the distance; nothing is checked in', async () => {
    const fenced = await api<Shift>(
      MANAGER,
      'volunteer',
      'createShift',
      {
        stationId: STATION,
        title: '社区义诊引导',
        start: iso(Math.ceil((Date.now() + 12 * MINUTE) / MINUTE) * MINUTE),
        end: iso(Math.ceil((Date.now() + 72 * MINUTE) / MINUTE) * MINUTE),
        capacity: 4,
        place: '北大社区卫生服务站门口',
        location: { latitude: 37.54, longitude: 121.4 },
        radiusM: 200,
      },
      true,
    );
    await api(V.openid, 'volunteer', 'signUp', { shiftId: fenced.id }, true);
    let answer: 'deny' | 'far' = 'deny';
    const asked: unknown[] = [];
    wx.getLocation = (o: WxOptions) => {
      asked.push(o.type);
      if (answer === 'deny') return fail(o, 'getLocation:fail auth deny');
      // About 1.1 km north of the fence's centre.
      ok(o, { errMsg: 'getLocation:ok', latitude: 37.55, longitude: 121.4, accuracy: 20 });
    };
    cloud.setOpenid(V.openid);
    page = await weapp.renderPage('packages/volunteer/pages/checkin/index', { shiftId: fenced.id, mode: 'in' });
    await page.waitForText('社区义诊引导');
    expect(page.text()).toContain('只用来算距离，不保存位置');

    typeInto(page.byClass('code-boxes__input')[0], await shiftCode(fenced.id));
    await page.waitFor(() => page!.byClass('code-boxes__digit').every((d) => /\d/.test(d.textContent ?? '')));
    page.tap('确认签到');
    await page.waitForText(/没有取得位置授权/);
    // Asked once, after saying why (the explanation came before WeChat's own question).
    expect(modals.map((m) => m.title)).toEqual(['需要确认您在服务地点']);
    expect(asked).toEqual(['gcj02']);

    answer = 'far';
    typeInto(page.byClass('code-boxes__input')[0], await shiftCode(fenced.id));
    await page.waitFor(() => page!.byClass('code-boxes__digit').every((d) => /\d/.test(d.textContent ?? '')));
    page.tap('确认签到');
    await page.waitForText(/您离服务地点大约\d+米，要在200米以内才能签到/);
    const metres = Number(/大约(\d+)米/.exec(page.text())?.[1]);
    expect(metres).toBeGreaterThan(1000);
    expect(metres).toBeLessThan(1250);
    // Said once per visit: no second explanation.
    expect(modals).toHaveLength(1);
    expect((await myShifts(V.openid)).find((s) => s.id === fenced.id)?.checkedInAt).toBeNull();
  });
});

describe('我的时长', () => {
  test('shows the total, the star level and how far the next one is, with each entry’s source', async () => {
    // One entry holds at most 100 hours: two honour entries make 120.
    await api(MANAGER, 'volunteer', 'grantHours', { openid: V.openid, stationId: STATION, hours: 60, reason: '长期坚持助老服务' }, true);
    await api(MANAGER, 'volunteer', 'grantHours', { openid: V.openid, stationId: STATION, hours: 60, reason: '疫情期间值守' }, true);
    cloud.setOpenid(V.openid);
    page = await weapp.renderPage('packages/volunteer/pages/hours/index');
    await page.waitForText('累计服务时长');
    const text = page.text();
    expect(text).toContain('120小时');
    expect(text).toContain('一星志愿者');
    expect(text).toContain('距二星还差180小时');
    expect(text).toContain('荣誉时长');
    expect(text).toContain('原因：长期坚持助老服务');
    expect(text).toContain('北大社区创益红帆站');
  });
});

describe('服务证明 (weapp poster)', () => {
  interface Drawn {
    texts: string[];
    drawn: boolean;
  }
  const canvas: Drawn = { texts: [], drawn: false };
  const saved: string[] = [];
  let albumAnswer: 'ok' | 'deny' = 'ok';
  const settings: number[] = [];

  beforeAll(() => {
    const noop = () => undefined;
    wx.createCanvasContext = () => ({
      setFillStyle: noop,
      fillRect: noop,
      setStrokeStyle: noop,
      setLineWidth: noop,
      strokeRect: noop,
      setFontSize: noop,
      setTextAlign: noop,
      fillText: (t: string) => canvas.texts.push(t),
      draw: (_reserve: boolean, cb?: () => void) => {
        canvas.drawn = true;
        setTimeout(() => cb?.(), 0);
      },
    });
    wx.canvasToTempFilePath = (o: WxOptions) => ok(o, { errMsg: 'canvasToTempFilePath:ok', tempFilePath: 'wxfile://tmp/poster.png' });
    wx.saveImageToPhotosAlbum = (o: WxOptions) => {
      if (albumAnswer === 'deny') return fail(o, 'saveImageToPhotosAlbum:fail auth deny');
      saved.push(o.filePath as string);
      ok(o, { errMsg: 'saveImageToPhotosAlbum:ok' });
    };
    wx.openSetting = (o: WxOptions) => {
      settings.push(1);
      ok(o, { errMsg: 'openSetting:ok', authSetting: {} });
    };
  });

  test('只显示姓 → 开具证明 shows the certificate and its number; the poster is drawn and saved; a refused album offers the settings', async () => {
    cloud.setOpenid(V.openid);
    page = await weapp.renderPage('packages/volunteer/pages/certificate/index');
    await page.waitForText('证明上的姓名怎么显示');
    page.tap('只显示姓');
    await page.waitFor(() => page!.byClass('cert-choice--on')[0]?.textContent?.includes('只显示姓'));
    page.tap('开具证明');
    await page.waitForText('志愿服务记录证明');
    const number = /证明编号：([A-Z0-9-]+)/.exec(page.text())?.[1];
    expect(number).toBeTruthy();
    expect(page.text()).toContain('张**');
    expect(page.text()).not.toContain(V.name);
    expect(page.text()).toContain('累计 120 小时');
    const issued = calls('certificate').at(-1);
    expect((issued?.data as { data: unknown }).data).toEqual({ nameShown: 'surname' });

    page.tap('保存图片到相册');
    await page.waitFor(() => saved.length === 1);
    expect(saved).toEqual(['wxfile://tmp/poster.png']);
    expect(canvas.drawn).toBe(true);
    expect(canvas.texts).toEqual(expect.arrayContaining(['志愿服务记录证明', '累计 120 小时', `证明编号：${number!}`]));
    await page.waitFor(() => toasts.includes('已保存到相册'));

    albumAnswer = 'deny';
    await page.waitForText('保存图片到相册');
    page.tap('保存图片到相册');
    await page.waitFor(() => modals.some((m) => m.title === '需要相册权限'));
    await page.waitFor(() => settings.length === 1);
    expect(saved).toHaveLength(1);

    // Anyone can check the number: the masked name and the hours, nothing else.
    const verified = await api<Record<string, unknown>>('demo-resident-2', 'volunteer', 'verify', { number });
    expect(verified).toEqual(expect.objectContaining({ name: '张**', totalHours: 120 }));
  });
});

describe('签退 (after the shift, the runtime’s clock 80 minutes on)', () => {
  test('the then-current code checks her out with the hours credited; 我的时长 shows the 签退 entry', async () => {
    await runtime.restart({ DEMO_CLOCK: '+80m' });
    cloud.setOpenid(V.openid);
    page = await weapp.renderPage('packages/volunteer/pages/checkin/index', { shiftId: soon.id, mode: 'out' });
    await page.waitForText('服务结束签退');
    typeInto(page.byClass('code-boxes__input')[0], await shiftCode(soon.id));
    await page.waitFor(() => page!.byClass('code-boxes__digit').every((d) => /\d/.test(d.textContent ?? '')));
    page.tap('确认签退');
    await page.waitForText('签退成功');
    // The whole hour of the shift (she checked in before the start): rounded down to the quarter hour.
    expect(page.text()).toContain('本次记入1小时');
    expect(page.text()).toContain('累计服务121小时');
    page.unmount();

    page = await weapp.renderPage('packages/volunteer/pages/hours/index');
    await page.waitForText('累计服务时长');
    expect(page.text()).toContain('121小时');
    expect(page.text()).toContain('签退');
    expect(page.text()).toContain('本人签退');
  });
});
