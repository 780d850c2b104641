/**
 * `npx tsx scripts/booking-screenshots.ts`: PNG screenshots (390×844, DPR 2) of the venue booking pages — venue detail,
 * booking form, result, 我的预约, 我的消息, and the manager's day, pending approvals, closed dates and venue code — with
 * their loading / error / empty states, into .tmp/screenshots/booking/,
 * against a fresh local runtime. Each screen is audited like scripts/screenshots.ts (tap targets, type size, contrast,
 * clipped text); exits 1 when something is too small to tap.
 *
 * Needs `npm run build:functions && npm run build:h5`. Browser and Chinese web font as in scripts/screenshots.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { reportShots, type Shot } from './lib/screenshot-report';
import { answerWith, failWith, onAction, runtimeCaller, shotKit } from './lib/shot-kit';
import { elderShots } from './lib/elder-shots';
import { current, routeUrl, signIn, tapTab } from '../tests/e2e/app';
import { launchPhone, phoneBrowser, ROOT, startRuntime, type Phone } from '../tests/support/browser';

const OUT = path.join(ROOT, '.tmp', 'screenshots', 'booking');

const beijingToday = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const at = (date: string, clock: string): string => `${date}T${clock}:00+08:00`;

const detail = (venueId: string) => `/packages/venue/pages/detail/index?venueId=${venueId}`;
const MINE = '/packages/venue/pages/mine/index';
const MESSAGES = '/packages/account/pages/messages/index';
const TODAY = '/packages/manage/pages/today/index';
const PENDING = '/packages/manage/pages/pending/index';
const BLACKOUT = '/packages/manage/pages/blackout/index';
const CODE = '/packages/manage/pages/code/index';

// This script makes its own bookings, pending approvals and waitlist from an empty ledger (王阿姨 would otherwise
// start with the demo week's bookings and soon reach her limit of three).
process.env.DEMO_WEEK = '0';

async function main(): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const t0 = Date.now();
  const runtime = await startRuntime();
  const phone = await launchPhone({ deviceScaleFactor: 2, cjkFont: true });
  const browser = await phoneBrowser();
  process.stdout.write(`browser: ${browser.executablePath} (${browser.source})\n`);
  const shots: Shot[] = [];
  let manager: Phone | undefined;

  const api = runtimeCaller(runtime.url, 'venue');
  const { shoot, openWith } = shotKit({ out: OUT, shots, baseUrl: runtime.url, context: phone.context });

  // A day with every kind of slot: taken by 赵大爷 (one with a queue that 王阿姨 joined), 王阿姨's own, and free ones.
  const today = beijingToday();
  const day = addDays(today, 2);
  const closedDay = addDays(today, 4);
  await api('demo-resident-2', 'book', { venueId: 'cyy-rehearsal', starts: [at(day, '10:30')], purpose: '海韵社区太极拳练习', attendees: 12 });
  await api('demo-resident-2', 'book', { venueId: 'cyy-rehearsal', starts: [at(day, '14:30'), at(day, '15:30')], purpose: '京剧票友活动', attendees: 20 });
  await api('demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: [at(day, '17:30')], purpose: '畅响艺术团合唱排练', attendees: 25 });
  await api('demo-resident', 'joinWaitlist', { venueId: 'cyy-rehearsal', start: at(day, '14:30'), purpose: '合唱排练', attendees: 20 });
  await api('demo-venue-manager', 'setBlackout', { venueId: 'cyy-rehearsal', date: closedDay, closed: true });

  try {
    const page = phone.page;
    await signIn(page, runtime.url, '居民 王阿姨');
    await tapTab(page, '场地');
    await current(page).locator('.venue-card').first().waitFor();
    await shoot(page, '00-venues-card-affordance');

    // Venue detail: tap a card.
    await current(page).locator('.venue-card', { hasText: '创益园排练室' }).click();
    await current(page).locator('.venue-info').waitFor();
    await current(page).locator('.slot').first().waitFor();
    await shoot(page, '01-detail-today');
    await current(page).locator(`.date-chip[data-date="${day}"]`).click();
    await current(page).locator(`.slot[data-start="${at(day, '10:30')}"].slot--taken`).waitFor();
    await current(page).locator('.slot[data-time="12:30"]').click();
    await current(page).locator('.slot[data-time="13:30"]').click();
    await shoot(page, '02-detail-mixed-selected');
    await shoot(page, '02-detail-mixed-full', { fullPage: true });
    // too many: a third adjacent is fine (max 3); a 4th shows the hint
    await current(page).locator('.slot[data-time="11:30"]').click();
    await current(page).locator('.slot[data-time="09:30"]').click();
    await shoot(page, '03-detail-restart-hint');
    await current(page).locator(`.date-chip[data-date="${closedDay}"]`).click();
    await current(page).getByText('这一天场地闭馆').waitFor();
    await shoot(page, '04-detail-closed-day');
    await current(page).locator(`.date-chip[data-date="${day}"]`).click();
    await current(page).locator('.slot[data-time="10:30"] .slot__queue-btn').click();
    await current(page).locator('.sheet').waitFor();
    await shoot(page, '05-detail-waitlist-sheet');
    await current(page).locator('.sheet__close').click();

    // Booking form.
    await current(page).locator('.slot[data-time="19:30"]').click();
    await current(page).locator('.booking-bar__go').click();
    await current(page).locator('.book__form').waitFor();
    await shoot(page, '10-book-form');
    await shoot(page, '10-book-form-full', { fullPage: true });
    await current(page).locator('.stepper__input input').fill('45');
    await current(page).locator('.book__submit').click();
    await current(page).locator('.field__error').first().waitFor();
    await shoot(page, '11-book-field-errors', { fullPage: true });
    await current(page).locator('.field__textarea textarea').fill('畅响艺术团周末合唱排练');
    await current(page).locator('.stepper__input input').fill('25');
    await page.route('**/api/venue', onAction('book', failWith('VENUE.SLOT_TAKEN', 409)));
    await current(page).locator('.book__submit').click();
    await current(page).getByText('重新选择时段').waitFor();
    await shoot(page, '12-book-slot-taken', { fullPage: true });
    await page.unroute('**/api/venue');
    // As an organization: needs approval.
    await current(page).locator('.picker-field').click();
    await current(page).locator('.sheet .option').first().waitFor();
    await shoot(page, '13-book-org-sheet');
    await current(page).locator('.sheet .option', { hasText: '北大社区畅响艺术团' }).click();
    await current(page).locator('.picker-field', { hasText: '北大社区畅响艺术团' }).waitFor();
    await current(page).locator('.book__submit').click();
    await current(page).locator('.book-result__title', { hasText: '已提交，等待审核' }).waitFor();
    await shoot(page, '15-book-result-pending', { fullPage: true });

    // Back to the venue, book another slot in person: confirmed at once.
    await current(page).getByText('返回场地').click();
    await current(page).locator('.venue-info').waitFor();
    await current(page).locator('.slot[data-time="18:30"].slot--free').click();
    await current(page).locator('.booking-bar__go').click();
    await current(page).locator('.book__form').waitFor();
    await current(page).locator('.field__textarea textarea').fill('畅响艺术团周末合唱排练');
    await current(page).locator('.stepper__input input').fill('25');
    await current(page).locator('.book__submit').click();
    await current(page).locator('.book-result__title', { hasText: '预约成功' }).waitFor();
    await shoot(page, '14-book-result-confirmed', { fullPage: true });

    // 我的预约
    await current(page).getByText('查看我的预约').click();
    await current(page).locator('.booking-card').first().waitFor();
    await shoot(page, '20-mine-upcoming');
    await shoot(page, '20-mine-upcoming-full', { fullPage: true });
    await current(page).locator('.booking-card', { hasText: '17:30–18:30' }).getByText('显示二维码').click();
    await current(page).locator('.booking-card .qr-code').waitFor();
    await shoot(page, '20-mine-qr', { fullPage: true });
    await current(page).getByText('收起二维码').click();
    await current(page).locator('.booking-card', { hasText: '18:30–19:30' }).getByText('取消预约').click();
    await page.waitForTimeout(500);
    await shoot(page, '22-mine-cancel-confirm', { noSettle: true });
    await page.locator('.taro-modal__foot').getByText('确定取消').click();
    await page.waitForTimeout(800);
    // Cancelled future bookings have their own tab (已取消), not 已结束.
    await current(page).locator('.mine__tab', { hasText: '已取消' }).click();
    await current(page).locator('.booking-card--cancelled').first().waitFor();
    await shoot(page, '23-mine-cancelled');

    // A booking on the day (its date moved to today in the answer): the check-in button and panel.
    const onTheDay = await openWith(
      MINE,
      onAction('mine', async (r) => {
        const res = await r.fetch();
        const body = (await res.json()) as { ok: boolean; data: { bookings: Array<{ start: string; end: string; state: string }> } };
        for (const b of body.data.bookings) {
          b.start = `${today}${b.start.slice(10)}`;
          b.end = `${today}${b.end.slice(10)}`;
        }
        await r.fulfill({ response: res, json: body });
      }),
      '**/api/venue',
    );
    await current(onTheDay).locator('.booking-card .btn-primary', { hasText: '我已到场签到' }).first().waitFor();
    await shoot(onTheDay, '21-mine-on-the-day');
    await current(onTheDay).locator('.booking-card .btn-primary', { hasText: '我已到场签到' }).first().click();
    await current(onTheDay).locator('.sheet').waitFor();
    await current(onTheDay).locator('.code-input input').fill('123456');
    await current(onTheDay).getByText('确认签到').click();
    await current(onTheDay).locator('.sheet .form-error').waitFor();
    await shoot(onTheDay, '21-mine-checkin-sheet-error');
    await onTheDay.close();

    const mineLoading = await openWith(MINE, () => new Promise<void>(() => undefined), '**/api/venue');
    await current(mineLoading).getByText('正在加载').waitFor();
    await shoot(mineLoading, '24-mine-loading', { noSettle: true });
    await mineLoading.close();
    const mineEmpty = await openWith(MINE, answerWith({ bookings: [] }), '**/api/venue');
    await current(mineEmpty).locator('.state--empty').waitFor();
    await shoot(mineEmpty, '25-mine-empty');
    await mineEmpty.close();
    const mineError = await openWith(MINE, (r) => r.abort('internetdisconnected'), '**/api/venue');
    await current(mineError).locator('.state--error').waitFor();
    await shoot(mineError, '26-mine-error');
    await mineError.close();

    // Venue detail states.
    const detailLoading = await openWith(detail('cyy-rehearsal'), () => new Promise<void>(() => undefined), '**/api/venue');
    await current(detailLoading).getByText('正在加载').waitFor();
    await shoot(detailLoading, '30-detail-loading', { noSettle: true });
    await detailLoading.close();
    const detailError = await openWith(detail('cyy-rehearsal'), failWith('INTERNAL', 500), '**/api/venue');
    await current(detailError).locator('.state--error').waitFor();
    await shoot(detailError, '31-detail-error');
    await detailError.close();
    const detailMissing = await openWith(detail('no-such-room'));
    await current(detailMissing).locator('.state--error').waitFor();
    await shoot(detailMissing, '32-detail-not-found');
    await detailMissing.close();
    const slotsFail = await openWith(detail('cyy-rehearsal'), onAction('slots', (r) => r.abort('internetdisconnected')), '**/api/venue');
    await current(slotsFail).locator('.state--error').waitFor();
    await shoot(slotsFail, '33-detail-slots-error');
    await slotsFail.close();
    const slotsEmpty = await openWith(
      detail('cyy-rehearsal'),
      onAction('slots', answerWith({ venueId: 'cyy-rehearsal', date: today, closedDay: false, slots: [] })),
      '**/api/venue',
    );
    await current(slotsEmpty).locator('.state--empty').waitFor();
    await shoot(slotsEmpty, '34-detail-slots-empty');
    await slotsEmpty.close();

    // Booking form states.
    const bookNoSlots = await openWith('/packages/venue/pages/book/index?venueId=cyy-rehearsal');
    await current(bookNoSlots).getByText('还没有选好时段').waitFor();
    await shoot(bookNoSlots, '40-book-no-slots');
    await bookNoSlots.close();
    const bookError = await openWith(`/packages/venue/pages/book/index?venueId=cyy-rehearsal&starts=${encodeURIComponent(at(day, '20:00'))}`, failWith('INTERNAL', 500), '**/api/venue');
    await current(bookError).locator('.state--error').waitFor();
    await shoot(bookError, '41-book-load-error');
    await bookError.close();

    // 我的消息
    const messages = await openWith(MESSAGES);
    await current(messages).locator('.message').first().waitFor();
    await shoot(messages, '50-messages');
    await shoot(messages, '50-messages-full', { fullPage: true });
    await messages.close();
    const messagesEmpty = await openWith(
      MESSAGES,
      answerWith({ messages: [], unread: 0 }),
      '**/api/user',
    );
    await current(messagesEmpty).locator('.state--empty').waitFor();
    await shoot(messagesEmpty, '51-messages-empty');
    await messagesEmpty.close();
    const messagesError = await openWith(MESSAGES, (r) => r.abort('connectionrefused'), '**/api/user');
    await current(messagesError).locator('.state--error').waitFor();
    await shoot(messagesError, '52-messages-error');
    await messagesError.close();

    // The venue manager's pages, as 陈主任 (创益园) in a browser of their own.
    manager = await launchPhone({ deviceScaleFactor: 2, cjkFont: true });
    const m = manager.page;
    const managerContext = manager.context;
    const openAsManager = (route: string, intercept?: (r: Route) => Promise<void> | void): Promise<Page> => openWith(route, intercept, '**/api/venue', managerContext);
    await signIn(m, runtime.url, '陈主任');
    await current(m).getByText('今日安排与签到').waitFor();
    await shoot(m, '60-manager-me');
    const dayPage = await openAsManager(`${TODAY}?venueId=cyy-rehearsal&date=${day}`);
    await current(dayPage).locator('.mb').first().waitFor();
    await shoot(dayPage, '61-manage-day');
    await shoot(dayPage, '61-manage-day-full', { fullPage: true });
    await current(dayPage).locator('.checkin__input input').fill('000000');
    await current(dayPage).locator('.checkin__submit').click();
    await current(dayPage).locator('.checkin__error').waitFor();
    await shoot(dayPage, '62-manage-checkin-error');
    await dayPage.close();

    const pendingPage = await openAsManager(PENDING);
    await current(pendingPage).locator('.mb').first().waitFor();
    await shoot(pendingPage, '63-manage-pending');
    await current(pendingPage).locator('.manage-actions .btn-secondary', { hasText: '不通过' }).first().click();
    await current(pendingPage).locator('.reject').waitFor();
    await shoot(pendingPage, '64-manage-reject-form', { fullPage: true });
    await pendingPage.close();

    const blackoutPage = await openAsManager(`${BLACKOUT}?venueId=cyy-rehearsal`);
    await current(blackoutPage).locator('.blackout__day--closed').first().waitFor();
    await shoot(blackoutPage, '65-manage-blackout');
    // The day with bookings: confirm closing it, then the refusal that says why.
    await current(blackoutPage).locator('.blackout__day').nth(2).locator('.blackout__toggle').click();
    await blackoutPage.locator('.taro-modal__foot').waitFor();
    await blackoutPage.waitForTimeout(500); // the modal fades in
    await shoot(blackoutPage, '66-manage-blackout-confirm', { noSettle: true });
    await blackoutPage.locator('.taro-modal__foot').getByText('闭馆', { exact: true }).click();
    await blackoutPage.getByText('这一天暂时不能闭馆').waitFor();
    await blackoutPage.waitForTimeout(500);
    await shoot(blackoutPage, '67-manage-blackout-refused', { noSettle: true });
    await blackoutPage.close();

    const codePage = await openAsManager(`${CODE}?venueId=cyy-rehearsal`);
    await current(codePage).locator('.venue-code__digits').waitFor();
    await shoot(codePage, '68-manage-code', { fullPage: true });
    await codePage.close();

    const manageLoading = await openAsManager(TODAY, () => new Promise<void>(() => undefined));
    await current(manageLoading).getByText('正在加载').waitFor();
    await shoot(manageLoading, '70-manage-loading', { noSettle: true });
    await manageLoading.close();
    const manageError = await openAsManager(TODAY, (r) => r.abort('internetdisconnected'));
    await current(manageError).locator('.state--error').waitFor();
    await shoot(manageError, '71-manage-error');
    await manageError.close();
    const manageNone = await openAsManager(TODAY, onAction('managed', answerWith({ venues: [] })));
    await current(manageNone).locator('.state--empty').waitFor();
    await shoot(manageNone, '72-manage-no-venues');
    await manageNone.close();
    const pendingNone = await openAsManager(PENDING, onAction('pending', answerWith({ bookings: [] })));
    await current(pendingNone).locator('.state--empty').waitFor();
    await shoot(pendingNone, '73-manage-pending-empty');
    await pendingNone.close();

    // 长辈版: the resident's and the manager's pages with large type and large buttons, at 390×844 and 375×667.
    await elderShots(phone.page, runtime.url, OUT, shots, [
      { name: '01-detail', route: detail('cyy-rehearsal') },
      {
        name: '10-book-form',
        open: async (p) => {
          await p.goto(routeUrl(runtime.url, detail('cyy-rehearsal')));
          const free = addDays(beijingToday(), 5);
          await current(p).locator(`.date-chip[data-date="${free}"]`).click();
          await current(p).locator(`.slot[data-start^="${free}T"]:not(.is-taken)`).first().click();
          await current(p).locator('.booking-bar__go').click();
          await current(p).locator('.book__form').waitFor();
        },
      },
      { name: '20-mine', route: MINE },
      { name: '50-messages', route: MESSAGES },
      { name: '55-privacy', route: '/packages/account/pages/privacy/index' },
    ]);
    await elderShots(m, runtime.url, OUT, shots, [
      { name: '61-manage-day', route: `${TODAY}?venueId=cyy-rehearsal&date=${day}` },
      { name: '63-manage-pending', route: PENDING },
      { name: '65-manage-blackout', route: `${BLACKOUT}?venueId=cyy-rehearsal` },
      { name: '68-manage-code', route: `${CODE}?venueId=cyy-rehearsal` },
    ]);
  } catch (e) {
    await phone.page.screenshot({ path: path.join(OUT, 'zz-failure.png') }).catch(() => undefined);
    process.stderr.write(`runtime output:\n${runtime.output()}\n`);
    throw e;
  } finally {
    await manager?.close();
    await phone.close();
    await runtime.stop();
  }

  reportShots(shots, OUT, t0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
