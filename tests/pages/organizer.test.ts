/**
 * 活动管理 (the organisers' activity pages) of the BUILT weapp under miniprogram-simulate, talking through
 * `wx.cloud.callFunction` to a real local runtime (the built functions, a fresh seeded database), as 刘书记
 * (demo-secretary, branch_secretary of branch-shanheliang): 活动管理 on 我的; the list as 草稿 / 已发布 / 已取消 with
 * counts and its buttons; the editor (the contract's words at the fields and nothing sent; a new activity at an address
 * saved as a draft, then published from the list after confirming; a blocked word refused at its field; a taken venue
 * slot said in plain words with the slot and the advice, nothing published or held; 保存修改 of a published activity
 * warning first that the people signed up get a notice); 取消活动 with a reason and a confirmation; 报名名单
 * (confirmed, then waiting in order; 导出名单 written to the mini-program's files and opened in WeChat's viewer); and
 * the rotating code with its counts. Residents sign up over the runtime's HTTP API, as their own phones would.
 * Needs `npm run build:weapp` and `npm run build:functions`.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createCloudBridge, postJson, type CloudBridge } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';
import { answer, restartableRuntime, runtimeApi, typeInto, wx, wxRecord, type WxOptions } from '../support/weapp-page';

const SECRETARY = 'demo-secretary';
const RESIDENT = 'demo-resident';
const O = 'packages/organizer/pages';

const runtime = restartableRuntime('redsail-organizer-pages-');
const { target } = runtime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;
jest.setTimeout(20_000);

const record = wxRecord();
const { modals, answers, toasts, navigations } = record;
let uploadFile: (o: WxOptions) => Record<string, unknown> = () => ({ errMsg: 'cloud.uploadFile:fail no stand-in' });
const written: Array<{ filePath: string; data: string; encoding: string }> = [];
const opened: Array<{ filePath: string; fileType: string }> = [];

beforeAll(async () => {
  requireWeappBuild();
  await runtime.start();
  cloud = createCloudBridge(target, { openid: SECRETARY });
  // Taro copies wx.cloud when the app starts: the upload stand-in is there from the start, answering as set per test.
  (cloud.wxCloud as unknown as Record<string, unknown>).uploadFile = (o: WxOptions) => {
    const res = uploadFile(o);
    if (o.success || o.fail) return answer(o, res);
    return Promise.resolve(res);
  };
  wx.env = { USER_DATA_PATH: 'wxfile://usr' };
  // Taro takes these from wx when the app starts (the simulator has none): the picture shrunk, its size read.
  wx.compressImage = (o: WxOptions) => answer(o, { errMsg: 'compressImage:ok', tempFilePath: 'wxfile://tmp/cover-small.png' });
  wx.getFileInfo = (o: WxOptions) => answer(o, { errMsg: 'getFileInfo:ok', size: 20_000 });
  weapp = bootWeapp({ wxCloud: cloud.wxCloud });
  record.install();
  wx.getFileSystemManager = () => ({
    writeFile: (o: WxOptions) => {
      written.push({ filePath: o.filePath as string, data: o.data as string, encoding: o.encoding as string });
      answer(o, { errMsg: 'writeFile:ok' });
    },
  });
  wx.openDocument = (o: WxOptions) => {
    opened.push({ filePath: o.filePath as string, fileType: o.fileType as string });
    answer(o, { errMsg: 'openDocument:ok' });
  };
}, 40_000);

afterEach(() => {
  page?.unmount();
  page = null;
  record.clear();
  cloud.setOpenid(SECRETARY);
});

afterAll(async () => {
  await runtime.stop();
});

const api = runtimeApi(target, 'organizer-pages');
const calls = (action: string) => cloud.calls.filter((c) => c.name === 'activity' && (c.data as { action: string }).action === action);

interface Summary {
  id: string;
  title: string;
  state: string;
  taken: number;
  waiting: number;
  capacity: number;
}
const organized = async () => (await api<{ items: Summary[] }>(SECRETARY, 'activity', 'organized', {})).items;
const byTitle = async (title: string) => (await organized()).filter((a) => a.title === title);

const DAY = 24 * 3600_000;
const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString();
const dayAt = (days: number, clock: string) => `${beijing(Date.now() + days * DAY).slice(0, 10)}T${clock}:00+08:00`;
const DESCRIPTION = '欢迎社区居民和党员同志一起参加，请提前十分钟到场，带好水杯。';

/** An activity of 刘书记's branch at an address, created (and published) over the API. */
async function posted(title: string, o: { capacity?: number; days?: number; clock?: string; publish?: boolean } = {}): Promise<string> {
  const start = dayAt(o.days ?? 2, o.clock ?? '14:00');
  const end = dayAt(o.days ?? 2, '16:00');
  const a = await api<{ id: string }>(
    SECRETARY,
    'activity',
    'create',
    { activity: { title, type: 'volunteer', description: DESCRIPTION, coverFileId: null, start, end, place: { kind: 'address', address: '山和梁社区党群服务中心二楼' }, capacity: o.capacity ?? 10, audience: 'public' } },
    true,
  );
  if (o.publish !== false) await api(SECRETARY, 'activity', 'publish', { activityId: a.id }, true);
  return a.id;
}

/** POST /storage/upload of raw bytes, as the runtime's own upload takes them (jsdom has no fetch). */
function uploadBytes(url: string, bytes: Buffer, token: string): Promise<{ data: { fileId: string } }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request(
      { hostname: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent: false, headers: { authorization: `Bearer ${token}`, 'content-length': bytes.length } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (t: string) => (text += t));
        res.on('end', () => resolve(JSON.parse(text) as { data: { fileId: string } }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

const cardOf = (p: PageHandle, cls: string, text: string): Element => {
  const card = p.byClass(cls).find((c) => (c.textContent ?? '').includes(text));
  if (!card) throw new Error(`no ${cls} with ${text}\n${p.text()}`);
  return card;
};

/** Fills the editor's text fields and picks the type (the date and times keep their defaults: tomorrow 09:30–11:30). */
async function fillEditor(p: PageHandle, title: string): Promise<void> {
  typeInto(p.byClass('field__input')[0], title);
  typeInto(p.byClass('field__textarea')[0], DESCRIPTION);
  p.tap('志愿服务');
  await p.waitFor(() => JSON.stringify(p.data()).includes(DESCRIPTION) && (p.text().includes('✓ 志愿服务')));
}

describe('活动管理', () => {
  test('我的 offers 活动管理 to a branch secretary, not to a resident', async () => {
    page = await weapp.renderPage('pages/me/index');
    await page.waitForText('活动管理');
    page.tap('活动管理');
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual([`navigateTo:/${O}/activities/index`]);
    page.unmount();
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('pages/me/index');
    await page.waitForText('我的消息');
    expect(page.text()).not.toContain('活动管理');
  });

  test('drafts, published and cancelled apart, each with its counts and buttons; 新建活动 opens an empty editor', async () => {
    const open = await posted('重阳节敬老志愿服务', { capacity: 2 });
    for (const who of [RESIDENT, 'demo-party-member', 'demo-resident-2']) await api(who, 'activity', 'signUp', { activityId: open, wait: true }, true);
    const draft = await posted('社区环境整治议事会', { publish: false });
    const gone = await posted('红色观影活动', {});
    await api(SECRETARY, 'activity', 'cancelActivity', { activityId: gone, reason: '放映设备坏了' }, true);

    page = await weapp.renderPage(`${O}/activities/index`);
    await page.waitForText('重阳节敬老志愿服务');
    const titles = page.byClass('section-title').map((t) => t.textContent ?? '');
    expect(titles.findIndex((t) => t.startsWith('草稿'))).toBeLessThan(titles.findIndex((t) => t.startsWith('已发布')));
    expect(titles.findIndex((t) => t.startsWith('已发布'))).toBeLessThan(titles.findIndex((t) => t.startsWith('已取消')));
    const full = cardOf(page, 'ocard', '重阳节敬老志愿服务');
    expect(full.textContent).toContain('已报名 2/2（已满），候补 1');
    expect(cardOf(page, 'ocard', '红色观影活动').textContent).toContain('已取消：放映设备坏了');
    expect(cardOf(page, 'ocard', '社区环境整治议事会').textContent).toContain('草稿，居民还看不到');

    page.tap('编辑', full);
    page.tap('报名名单', full);
    page.tap('签到码', full);
    page.tap('新建活动');
    await page.waitFor(() => navigations.length === 4);
    expect(navigations).toEqual([
      `navigateTo:/${O}/edit/index?activityId=${open}`,
      `navigateTo:/${O}/roster/index?activityId=${open}`,
      `navigateTo:/${O}/code/index?activityId=${open}`,
      `navigateTo:/${O}/edit/index`,
    ]);
    // a draft has no roster or code yet; a cancelled one no editing
    expect(page.findAllByText('报名名单', cardOf(page, 'ocard', '社区环境整治议事会'))).toHaveLength(0);
    expect(page.findAllByText('编辑', cardOf(page, 'ocard', '红色观影活动'))).toHaveLength(0);
    expect(draft).toBeTruthy();
  });

  test('发布 a draft from the list after confirming: then residents see it', async () => {
    const id = await posted('学习二十大精神交流会', { publish: false });
    page = await weapp.renderPage(`${O}/activities/index`);
    await page.waitForText('学习二十大精神交流会');
    answers.push(true);
    page.tap('发布', cardOf(page, 'ocard', '学习二十大精神交流会'));
    await page.waitFor(() => toasts.includes('活动已发布'));
    expect(modals.at(-1)).toEqual(expect.objectContaining({ title: '发布这个活动？' }));
    const feed = await api<{ items: Array<{ id: string }> }>(RESIDENT, 'activity', 'feed', {});
    expect(feed.items.map((a) => a.id)).toContain(id);
    await page.waitFor(() => !(cardOf(page!, 'ocard', '学习二十大精神交流会').textContent ?? '').includes('草稿'));
  });

  test('取消活动 needs a reason and a confirmation; the people signed up get the reason', async () => {
    const id = await posted('社区书画展');
    await api(RESIDENT, 'activity', 'signUp', { activityId: id }, true);
    page = await weapp.renderPage(`${O}/activities/index`);
    await page.waitForText('社区书画展');
    page.tap('取消活动', cardOf(page, 'ocard', '社区书画展'));
    await page.waitForText('确认取消活动');
    page.tap('确认取消活动');
    await page.waitForText('请写明取消原因，至少2个字');
    expect(calls('cancelActivity').filter((c) => JSON.stringify(c.data).includes(id))).toHaveLength(0);
    typeInto(page.byClass('author-cancel__input')[0], '场地临时维修，改期另行通知');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('改期另行通知'));
    answers.push(true);
    page.tap('确认取消活动');
    await page.waitFor(() => toasts.includes('活动已取消'));
    expect(modals.at(-1)).toEqual(expect.objectContaining({ title: '取消这个活动？', content: '已报名和候补的1人都会收到取消消息和原因。' }));
    expect((await byTitle('社区书画展'))[0]?.state).toBe('cancelled');
    const inbox = JSON.stringify(await api(RESIDENT, 'user', 'messages', {}));
    expect(inbox).toContain('场地临时维修');
  });
});

describe('编辑活动', () => {
  test('the contract’s words at the fields, nothing sent', async () => {
    page = await weapp.renderPage(`${O}/edit/index`);
    await page.waitForText('保存草稿');
    const sent = calls('create').length + calls('update').length + calls('publish').length;
    typeInto(page.byClass('field__input')[0], '读书');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('读书'));
    page.tap('保存草稿');
    await page.waitForText('标题至少4个字');
    for (const words of ['请选择活动类型', '活动介绍至少10个字', '请选择场地，或改为「写地址」', '有几项需要修改，请看红字提示']) expect(page.text()).toContain(words);
    page.tap('写地址');
    await page.waitForText('在哪个社区');
    page.tap('发布');
    await page.waitForText('请写清活动地址');
    expect(calls('create').length + calls('update').length + calls('publish').length).toBe(sent);
  });

  test('a new activity at an address saved as a draft: back to the list, a draft of the branch', async () => {
    page = await weapp.renderPage(`${O}/edit/index`);
    await page.waitForText('保存草稿');
    await fillEditor(page, '义务理发进社区活动');
    page.tap('写地址');
    await page.waitForText('在哪个社区');
    typeInto(page.byClass('field__input')[1], '山和梁社区党群服务中心一楼');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('中心一楼'));
    page.tap('保存草稿');
    await page.waitFor(() => navigations.length > 0, { timeout: 10_000 });
    expect(navigations).toEqual([`redirectTo:/${O}/activities/index`]);
    expect(toasts).toContain('草稿已保存');
    const saved = await byTitle('义务理发进社区活动');
    expect(saved.map((a) => a.state)).toEqual(['draft']);
  });

  test('a cover chosen and uploaded: 审核中 said at once; saved with the activity, the organiser sees it still being checked', async () => {
    // The picture the phone uploads (Taro.cloud.uploadFile) lands in storage as the runtime's own upload does.
    const login = (await postJson(`${target.url}/api/dev/login`, { openid: SECRETARY })).body as { data: { token: string } };
    const bytes = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'assets', 'venues', 'hall.png'));
    const stored = await uploadBytes(`${target.url}/storage/upload`, bytes, login.data.token);
    const uploads: string[] = [];
    wx.chooseImage = (o: WxOptions) => answer(o, { errMsg: 'chooseImage:ok', tempFilePaths: ['wxfile://tmp/cover.png'], tempFiles: [{ path: 'wxfile://tmp/cover.png', size: bytes.length }] });
    uploadFile = (o) => {
      uploads.push(o.cloudPath as string);
      return { errMsg: 'cloud.uploadFile:ok', fileID: stored.data.fileId };
    };

    page = await weapp.renderPage(`${O}/edit/index`);
    await page.waitForText('保存草稿');
    await fillEditor(page, '社区摄影展：家门口的变化');
    page.tap('选择图片');
    await page.waitForText('封面审核中', { timeout: 5000 });
    expect(uploads).toEqual([expect.stringMatching(/^uploads\/demo-secretary\/.+\.png$/)]);
    expect(page.text()).toContain('换一张');
    page.tap('写地址');
    await page.waitForText('在哪个社区');
    typeInto(page.byClass('field__input')[1], '山和梁社区党群服务中心一楼');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('中心一楼'));
    page.tap('保存草稿');
    await page.waitFor(() => toasts.includes('草稿已保存'), { timeout: 10_000 });
    const [saved] = await byTitle('社区摄影展：家门口的变化');
    const detail = await api<{ coverFileId: string | null; cover: { state: string } | null }>(SECRETARY, 'activity', 'get', { activityId: saved!.id });
    expect(detail.coverFileId).toBeTruthy();
    expect(detail.cover?.state).toBe('checking');
    page.unmount();
    page = await weapp.renderPage(`${O}/edit/index`, { activityId: saved!.id });
    await page.waitForText('封面审核中');
  });

  test('a blocked word is refused at the field it is in; nothing is created', async () => {
    page = await weapp.renderPage(`${O}/edit/index`);
    await page.waitForText('保存草稿');
    await fillEditor(page, '社区赌博危害宣传会');
    page.tap('写地址');
    await page.waitForText('在哪个社区');
    typeInto(page.byClass('field__input')[1], '山和梁社区党群服务中心一楼');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('中心一楼'));
    page.tap('保存草稿');
    await page.waitForText('内容里有不适合发布的文字');
    const field = page.byClass('field--bad');
    expect(field).toHaveLength(1);
    expect(field[0]?.textContent).toContain('活动标题');
    expect(navigations).toEqual([]);
    expect(await byTitle('社区赌博危害宣传会')).toHaveLength(0);
  });

  test('publishing into a taken venue slot: the slot in plain words and the advice; nothing published or held', async () => {
    // a resident has booked 创益园排练室 tomorrow 09:30 (the editor's default time)
    await api(RESIDENT, 'venue', 'book', { venueId: 'cyy-rehearsal', starts: [dayAt(1, '09:30')], purpose: '社区读书会', attendees: 6 }, true);
    page = await weapp.renderPage(`${O}/edit/index`);
    await page.waitForText('保存草稿');
    await fillEditor(page, '主题党日：重温入党誓词');
    page.tap('换场地');
    await page.waitForText('创益园排练室');
    page.tap('创益园排练室');
    await page.waitForText('发布时会同时订下这个场地');
    answers.push(true);
    page.tap('发布');
    await page.waitForText('没能发布：', { timeout: 10_000 });
    // the slot and why (a resident holds it), not the catch-all words
    expect(page.text()).toContain('09:30 这个时段：场地已经有人预约了');
    expect(page.text()).toContain('可以改一下日期或开始、结束时间，或者换一个场地');
    expect(navigations).toEqual([]);
    const mine = await byTitle('主题党日：重温入党誓词');
    expect(mine.map((a) => a.state)).toEqual(['draft']);
    const day = await api<{ slots: Array<{ start: string; state: string }> }>(SECRETARY, 'venue', 'slots', { venueId: 'cyy-rehearsal', date: dayAt(1, '09:30').slice(0, 10) });
    // the 10:30 slot is not held by a half-published activity
    expect(day.slots.find((s) => s.start.includes('T10:30'))?.state).toBe('free');
  });

  test('保存修改 of a published activity warns that the people signed up get a notice, then saves', async () => {
    const id = await posted('老年人智能手机培训');
    await api(RESIDENT, 'activity', 'signUp', { activityId: id }, true);
    page = await weapp.renderPage(`${O}/edit/index`, { activityId: id });
    await page.waitForText('保存修改');
    expect(JSON.stringify(page.data())).toContain('老年人智能手机培训');
    typeInto(page.byClass('field__input')[0], '老年人智能手机培训（第二期）');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('第二期'));
    const updates = calls('update').length;
    answers.push(false);
    page.tap('保存修改');
    await page.waitFor(() => modals.length === 1);
    expect(modals[0]).toEqual(expect.objectContaining({ title: '保存修改？', content: '已报名的1人会收到变更通知。' }));
    expect(calls('update')).toHaveLength(updates);
    page.tap('保存修改');
    await page.waitFor(() => toasts.includes('修改已保存'), { timeout: 10_000 });
    expect((await api<{ title: string }>(SECRETARY, 'activity', 'get', { activityId: id })).title).toBe('老年人智能手机培训（第二期）');
  });
});

describe('报名名单 and 签到码', () => {
  test('confirmed, then waiting in order, with phones as the server gives them; 导出名单 opens the workbook', async () => {
    const id = await posted('海边净滩志愿行动', { capacity: 1 });
    await api(RESIDENT, 'activity', 'signUp', { activityId: id }, true);
    await api('demo-party-member', 'activity', 'signUp', { activityId: id, wait: true }, true);
    const roster = await api<{ confirmed: Array<{ name: string; phone: string | null }>; waitlisted: Array<{ name: string }> }>(SECRETARY, 'activity', 'roster', { activityId: id });

    page = await weapp.renderPage(`${O}/roster/index`, { activityId: id });
    await page.waitForText('已报名（1人）');
    const confirmed = cardOf(page, 'card', '已报名（1人）');
    expect(confirmed.textContent).toContain(roster.confirmed[0]?.name);
    expect(confirmed.textContent).toContain('还没签到');
    const waiting = cardOf(page, 'card', '候补（1人');
    expect(waiting.textContent).toContain(`候补第1位　${roster.waitlisted[0]?.name}`);
    const phone = roster.confirmed[0]?.phone;
    if (phone) expect(page.text().replace(/\s/g, '')).toContain(phone.replace(/\s/g, ''));

    page.tap('导出名单（Excel）');
    await page.waitFor(() => opened.length === 1, { timeout: 10_000 });
    const file = calls('exportRoster').at(-1)?.result as { data: { filename: string; base64: string } };
    expect(written.at(-1)).toEqual({ filePath: `wxfile://usr/${file.data.filename}`, data: file.data.base64, encoding: 'base64' });
    expect(opened.at(-1)).toEqual({ filePath: `wxfile://usr/${file.data.filename}`, fileType: 'xlsx' });
    expect(Buffer.from(file.data.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
  });

  test('签到码: the six digits the server gives, the QR and the counts', async () => {
    const id = await posted('社区合唱排练', { capacity: 1 });
    await api(RESIDENT, 'activity', 'signUp', { activityId: id }, true);
    await api('demo-party-member', 'activity', 'signUp', { activityId: id, wait: true }, true);
    page = await weapp.renderPage(`${O}/code/index`, { activityId: id });
    await page.waitFor(() => page!.byClass('shift-code__digit').length === 6);
    const shown = page.byClass('shift-code__digit').map((d) => d.textContent).join('');
    const fetched = calls('checkInCode').at(-1)?.result as { data: { code: string } };
    expect(shown).toBe(fetched.data.code);
    expect(page.byClass('qr-code__row').length).toBeGreaterThanOrEqual(25);
    expect(page.byClass('shift-code__count').map((c) => c.textContent)).toEqual(['0人已签到', '1人已报名', '1人候补中']);
    expect(page.text()).toContain('社区合唱排练');
  });

  test('another branch’s activity: its roster is refused in plain words', async () => {
    const id = await posted('只属于本支部的活动');
    cloud.setOpenid('demo-district-admin');
    // a district admin organises every branch's: control
    page = await weapp.renderPage(`${O}/roster/index`, { activityId: id });
    await page.waitForText('已报名（0人）');
    page.unmount();
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage(`${O}/roster/index`, { activityId: id });
    await page.waitForText('重新加载');
    expect(page.text()).not.toContain('已报名（');
  });
});
