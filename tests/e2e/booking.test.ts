/**
 * Booking a venue in the H5 build, two residents in two browsers against one fresh local runtime (real clock):
 * 王阿姨 books a free slot through the venue page and the form; 赵大爷 sees it taken; she cancels in 我的预约; he reloads
 * and books the same slot. Then a slot taken while a form is open: the form says so and leads back to choose again.
 * Then the venue manager 陈主任 closes days: a booked one is refused, a free one closes, and 王阿姨 finds it shut.
 * Needs `npm run build:functions && npm run build:h5` and /usr/bin/chromium.
 */
import fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { launchPhone, startRuntime, type Phone, type Runtime } from '../support/browser';
import { current, routeUrl, signIn, signInById, tapTab } from './app';

jest.setTimeout(60_000);

const VENUE = { id: 'cyy-rehearsal', name: '创益园排练室' };
const detailRoute = (venueId: string) => `/packages/venue/pages/detail/index?venueId=${venueId}`;

/** A Beijing date a few days ahead of the real clock, so every slot of it is bookable. */
const beijingDate = (daysAhead: number): string => new Date(Date.now() + 8 * 3600_000 + daysAhead * 86_400_000).toISOString().slice(0, 10);
const DAY = beijingDate(3);

let runtime: Runtime | undefined;
let wang: Phone | undefined; // 王阿姨, demo-resident
let zhao: Phone | undefined; // 赵大爷, demo-resident-2
const pageErrors: string[] = [];

beforeAll(async () => {
  runtime = await startRuntime();
  [wang, zhao] = await Promise.all([launchPhone(), launchPhone()]);
  for (const p of [wang, zhao]) p.page.on('pageerror', (e) => pageErrors.push(e.message));
}, 45_000);

afterAll(async () => {
  await Promise.all([wang?.close(), zhao?.close()]);
  await runtime?.stop();
});

const slot = (page: Page, clock: string) => current(page).locator(`.slot[data-time="${clock}"]`);

async function pickDay(page: Page, date: string): Promise<void> {
  const venue = current(page);
  await venue.locator('.venue-info').waitFor();
  await venue.locator(`.date-chip[data-date="${date}"]`).click();
  await venue.locator(`.slot[data-start^="${date}T"]`).first().waitFor();
}

/** The venue page on `date`, the `clock` slot tapped, on to the booking form; resolves to the form. */
async function openForm(page: Page, base: string, date: string, clock: string): Promise<Locator> {
  await page.goto(routeUrl(base, detailRoute(VENUE.id)));
  await pickDay(page, date);
  await slot(page, clock).click();
  await current(page).locator('.booking-bar__go').click();
  const form = current(page);
  await form.locator('.book__form').waitFor();
  return form;
}

/** From the venue page with `clock` selected: the form, filled in, submitted, up to the result screen. */
async function bookSelected(page: Page, purpose: string, attendees: number): Promise<string> {
  await current(page).locator('.booking-bar__go').click();
  const form = current(page);
  await form.locator('.book__form').waitFor();
  await form.locator('.field__textarea textarea').fill(purpose);
  await form.locator('.stepper__input input').fill(String(attendees));
  await form.locator('.book__submit').click();
  await form.locator('.book-result__title', { hasText: '预约成功' }).waitFor();
  return (await form.locator('.checkin-code__digits').textContent()) ?? '';
}

async function failWithRuntimeLog(page: Page, name: string, e: unknown): Promise<never> {
  fs.mkdirSync(`${process.cwd()}/.tmp`, { recursive: true });
  await page.screenshot({ path: `${process.cwd()}/.tmp/e2e-booking-${name}.png` }).catch(() => undefined);
  throw new Error(`${e instanceof Error ? e.message : String(e)}\n\nlocal runtime output:\n${runtime!.output()}`, { cause: e });
}

describe('booking a venue in the H5 app', () => {
  it('王阿姨 books 10:30, 赵大爷 sees it taken, she cancels, he reloads and books it', async () => {
    const base = runtime!.url;
    const a = wang!.page;
    const b = zhao!.page;
    try {
      await Promise.all([signIn(a, base, '居民 王阿姨'), signInById(b, base, 'demo-resident-2')]);

      // 王阿姨: 场地 → tap the card → the venue page → the day → 10:30.
      await tapTab(a, '场地');
      await current(a).locator('.venue-card', { hasText: VENUE.name }).click();
      await a.waitForURL((u) => u.hash.includes(detailRoute(VENUE.id)));
      await pickDay(a, DAY);
      expect(await slot(a, '10:30').getAttribute('class')).toContain('slot--free');
      expect(await slot(a, '10:30').textContent()).toContain('可预约');
      await slot(a, '10:30').click();
      await current(a).locator('.booking-bar__range', { hasText: '已选 10:30–11:30' }).waitFor();
      const code = await bookSelected(a, '畅响艺术团合唱排练', 20);
      expect(code).toMatch(/^\d{6}$/);
      const result = current(a);
      expect(await result.textContent()).toContain('10:30–11:30');
      expect(await result.textContent()).toContain(VENUE.name);

      // 添加到日历 in H5: an iCalendar file, CRLF lines, UTC times (10:30 in Beijing is 02:30Z).
      const [download] = await Promise.all([a.waitForEvent('download'), result.getByText('添加到日历').click()]);
      expect(download.suggestedFilename()).toMatch(/^redsail-\d{8}-1030\.ics$/);
      const ics = fs.readFileSync(await download.path(), 'utf8');
      expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
      expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      expect(ics).toContain(`DTSTART:${DAY.replace(/-/g, '')}T023000Z\r\n`);
      expect(ics).toContain(`DTEND:${DAY.replace(/-/g, '')}T033000Z\r\n`);
      expect(ics).toContain(`签到码：${code}`);

      // 赵大爷 opens the same venue and day: 10:30 is taken, said in words, and offers the waiting list.
      await b.goto(routeUrl(base, detailRoute(VENUE.id)));
      await pickDay(b, DAY);
      expect(await slot(b, '10:30').getAttribute('class')).toContain('slot--taken');
      expect(await slot(b, '10:30').textContent()).toContain('已被预约');
      expect(await slot(b, '10:30').getByText('排队候补').isVisible()).toBe(true);
      expect(await slot(b, '11:30').textContent()).toContain('可预约');
      // Tapping a taken slot selects nothing.
      await slot(b, '10:30').locator('.slot__time').click();
      expect(await current(b).locator('.slot--selected').count()).toBe(0);

      // 王阿姨: 查看我的预约 → her booking with the same code → 取消预约 → the plain confirmation → gone.
      await result.getByText('查看我的预约').click();
      const mine = current(a);
      // Her card is found by its code: the demo week gives her other bookings too.
      const card = mine.locator('.booking-card', { hasText: code });
      await card.waitFor();
      expect(await card.locator('.state-badge').textContent()).toBe('已确认，待签到');
      expect(await card.locator('.checkin-code__digits').textContent()).toBe(code);
      await card.getByText('取消预约').click();
      const modal = a.locator('.taro-modal__content');
      await modal.waitFor();
      expect(await modal.textContent()).toContain('不算爽约');
      await modal.getByText('确定取消').click();
      await card.waitFor({ state: 'detached' });
      await mine.locator('.mine__tab', { hasText: '已取消' }).click();
      await mine.locator('.booking-card--cancelled', { hasText: '10:30–11:30' }).waitFor();

      // 赵大爷 reloads: 10:30 is free again, and he books it.
      await b.reload();
      await pickDay(b, DAY);
      expect(await slot(b, '10:30').getAttribute('class')).toContain('slot--free');
      await slot(b, '10:30').click();
      expect(await bookSelected(b, '海韵社区太极拳练习', 12)).toMatch(/^\d{6}$/);

      expect(pageErrors).toEqual([]);
    } catch (e) {
      await failWithRuntimeLog(b, 'zhao', e).catch(() => undefined);
      await failWithRuntimeLog(a, 'wang', e);
    }
  });

  it('a slot taken while the form is open: the form says so, keeps what was typed, and leads back to choose again', async () => {
    const base = runtime!.url;
    const a = wang!.page;
    const b = zhao!.page;
    try {
      // 赵大爷 has the form for 15:30 open …
      const form = await openForm(b, base, DAY, '15:30');
      // … a form error first: nothing typed for 用途, the message stands next to the field.
      await form.locator('.book__submit').click();
      await form.locator('.field--bad .field__error', { hasText: '请简单写一下用途' }).waitFor();
      await form.locator('.field__textarea textarea').fill('京剧票友活动');

      // … while 王阿姨 books 15:30 on her phone.
      await a.goto(routeUrl(base, detailRoute(VENUE.id)));
      await pickDay(a, DAY);
      await slot(a, '15:30').click();
      await bookSelected(a, '合唱排练', 15);

      await form.locator('.book__submit').click();
      await form.locator('.form-error', { hasText: '这个时段刚刚被别人约走了' }).waitFor();
      expect(await form.locator('.field__textarea textarea').inputValue()).toBe('京剧票友活动');
      await form.getByText('重新选择时段').click();
      // Back on the venue page, which shows 15:30 as taken now.
      await current(b).locator(`.slot[data-time="15:30"].slot--taken`).waitFor();
      expect(await current(b).locator('.slot--selected').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } catch (e) {
      await failWithRuntimeLog(b, 'taken', e);
    }
  });

  it('陈主任 closes a free day and cannot close a booked one; 王阿姨 finds the closed day shut and the form refused', async () => {
    const base = runtime!.url;
    const a = wang!.page;
    const manager = await launchPhone();
    const m = manager.page;
    m.on('pageerror', (e) => pageErrors.push(e.message));
    const closedDay = beijingDate(5);
    try {
      // 王阿姨 has the form for 10:30 on the day open before it is closed.
      const form = await openForm(a, base, closedDay, '10:30');
      await form.locator('.field__textarea textarea').fill('合唱排练');

      await signIn(m, base, '陈主任');
      await m.goto(routeUrl(base, `/packages/manage/pages/blackout/index?venueId=${VENUE.id}`));
      const days = current(m).locator('.blackout__day');
      await days.first().waitFor();
      const row = (daysAhead: number) => days.nth(daysAhead);
      // DAY (3 days ahead) holds the bookings of the tests above: refused, with the reason.
      await row(3).locator('.blackout__toggle').click();
      await m.locator('.taro-modal__foot').getByText('闭馆', { exact: true }).click();
      await m.getByText('这一天暂时不能闭馆').waitFor();
      await m.locator('.taro-modal__foot').getByText('知道了').click();
      await row(3).locator('.blackout__state', { hasText: '开放' }).waitFor();
      // A free day closes.
      await row(5).locator('.blackout__toggle').click();
      await m.locator('.taro-modal__foot').getByText('闭馆', { exact: true }).click();
      await row(5).locator('.blackout__toggle', { hasText: '恢复开放' }).waitFor();
      await current(m).getByText(/闭馆1天/).waitFor();

      // Her form, still open, is refused in plain words; the venue page shows the day shut.
      await form.locator('.book__submit').click();
      await form.locator('.form-error', { hasText: '场地这一天不开放' }).waitFor();
      await a.goto(routeUrl(base, detailRoute(VENUE.id)));
      await current(a).locator('.venue-info').waitFor();
      await current(a).locator(`.date-chip[data-date="${closedDay}"]`).click();
      await current(a).getByText('这一天场地闭馆').waitFor();
      expect(pageErrors).toEqual([]);
    } catch (e) {
      await failWithRuntimeLog(m, 'manager', e).catch(() => undefined);
      await failWithRuntimeLog(a, 'closed', e);
    } finally {
      await manager.close();
    }
  });

  // Last: it uses up 王阿姨's third booking.
  it('back on the venue page after booking, the next tap chooses that slot alone — even before the fresh grid arrives', async () => {
    const base = runtime!.url;
    const a = wang!.page;
    const day = beijingDate(4);
    try {
      await openForm(a, base, day, '08:30');
      await a.goBack();
      await slot(a, '08:30').waitFor();
      expect(await bookSelected(a, '书法小组练习', 6)).toMatch(/^\d{6}$/);
      // The grid is slow to come back (a weak phone signal): the slots answer waits a second.
      await a.route('**/api/venue', async (route) => {
        if ((route.request().postDataJSON() as { action?: string } | null)?.action === 'slots') await new Promise((r) => setTimeout(r, 1000));
        await route.continue();
      });
      await current(a).getByText('返回场地').click();
      await current(a).locator('.venue-info').waitFor();
      // Tapped at once, next to the slot just booked (still drawn free until the grid is fresh).
      await slot(a, '09:30').click();
      await current(a).locator('.slot[data-time="08:30"]:not(.slot--free)').waitFor();
      await current(a).locator('.booking-bar__range', { hasText: '已选 09:30–10:30' }).waitFor({ timeout: 3000 });
      expect(await current(a).locator('.slot--selected').count()).toBe(1);
      await a.unroute('**/api/venue');
      expect(pageErrors).toEqual([]);
    } catch (e) {
      await a.unroute('**/api/venue').catch(() => undefined);
      await failWithRuntimeLog(a, 'back-to-venue', e);
    }
  });
});
