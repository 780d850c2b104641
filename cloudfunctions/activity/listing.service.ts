import { createHmac } from 'node:crypto';
import type { ActionOutput, ActivityRosterEntry, ActivitySummary, ParsedInput } from '../../types';
import { beijingClock, beijingDate, isCalendarDate, toBeijingIso } from '../../types/beijing-time';
import { XLSX_MIME } from '../../types/course';
import type { Caller } from '../_shared/caller';
import { CODE_STEP_MS, codeStep, rotatingQr, stepCode } from '../_shared/checkin-codes';
import { DomainError, notFound } from '../_shared/errors';
import { ERASED_NAME, maskPhone } from '../_shared/privacy';
import type { RuntimeDeps } from '../_shared/runtime';
import { UsersRepository } from '../_shared/users.repository';
import { workbookBase64 } from '../_shared/workbook';
import type { ActivityDoc, ActivitySignupDoc } from './activity.docs';
import { ActivityRepository } from './activity.repository';
import { ListingRepository } from './listing.repository';
import { memberBranches, organizerScope, organizes, ownSecretary } from './organizers';
import { coverUrlOf, mineOf, nearOf, toDetail, toSummary, viewerOf } from './view';

/** The feed shows at most this many activities. */
export const FEED_LIMIT = 100;

const ms = (d: Date | string): number => new Date(d).getTime();
const NO_COUNTS = { taken: 0, waiting: 0 };

/** Why the activity page offers no sign-up (the words as src/services/messages.ts says them to the person). */
const REASONS = {
  cancelled: { code: 'ACTIVITY.CANCELLED', message: '这个活动已经取消了' },
  ended: { code: 'ACTIVITY.ENDED', message: '活动已经结束了' },
  closed: { code: 'ACTIVITY.SIGNUP_CLOSED', message: '报名已经截止了' },
  draft: { code: 'ACTIVITY.SIGNUP_CLOSED', message: '活动还没有发布，发布后才能报名' },
} as const;

const STATE_WORDS = { confirmed: '已报名', waitlisted: '候补' } as const;

/** 2026-12-05 14:30 (Beijing) for the workbook. */
const beijingWords = (iso: string | null): string => (iso ? `${beijingDate(Date.parse(iso))} ${beijingClock(Date.parse(iso))}` : '');

/**
 * A roster row's key: stable for one person in one activity, and not their openid (nor anything that leads back to it
 * without the server secret).
 */
function rosterKey(activityId: string, openid: string): string {
  const secret = process.env.CHECKIN_SECRET;
  if (!secret || secret.length < 16) throw new Error('CHECKIN_SECRET is not configured');
  return `p_${createHmac('sha256', secret).update(`roster:${activityId}:${openid}`).digest('hex').slice(0, 20)}`;
}

/** Reading: the feed, one activity, mine; the organiser's roster, check-in code and export. */
export class ListingService {
  private readonly activities: ActivityRepository;
  private readonly repo: ListingRepository;
  private readonly users: UsersRepository;

  constructor(readonly deps: RuntimeDeps) {
    this.activities = new ActivityRepository(deps.db);
    this.repo = new ListingRepository(deps.db);
    this.users = new UsersRepository(deps.db);
  }

  /** The caller's place as views show it, with their position in line when waiting. */
  private async placeOf(s: ActivitySignupDoc | null | undefined): Promise<ActivitySummary['mine']> {
    if (s?.state === 'waitlisted' && s.ticket !== null) return mineOf(s, await this.repo.position(s.activityId, s.ticket));
    return mineOf(s);
  }

  async feed(caller: Caller, input: ParsedInput<'activity', 'feed'>): Promise<ActionOutput<'activity', 'feed'>> {
    for (const field of ['from', 'to'] as const) {
      const date = input[field];
      if (date !== undefined && !isCalendarDate(date)) throw new DomainError('INPUT.INVALID', `not a date: ${date}`, { [field]: '没有这一天，请重新选日期' });
    }
    const now = this.deps.clock.now();
    const [viewer, branches, scope] = await Promise.all([viewerOf(caller), memberBranches(caller), organizerScope(caller)]);
    const rank = { community: 0, street: 1, district: 2 } as const;
    const coverUrl = coverUrlOf(this.deps);
    const docs = await this.repo.feed({ now, memberBranches: branches, type: input.type, from: input.from, to: input.to });
    // Nearest first (the caller's community, their street, the district), then soonest.
    const shown = docs
      .map((d) => ({ d, near: rank[nearOf(d, viewer)] }))
      .sort((a, b) => a.near - b.near || ms(a.d.start) - ms(b.d.start) || (a.d._id < b.d._id ? -1 : 1))
      .slice(0, FEED_LIMIT)
      .map((x) => x.d);
    const ids = shown.map((d) => d._id);
    const [counts, signups] = await Promise.all([this.activities.counts(ids), this.activities.signupsOfIn(caller.openid, ids)]);
    const mineBy = new Map(signups.map((s) => [s.activityId, s]));
    const items = await Promise.all(
      shown.map(async (d) =>
        toSummary(d, counts.get(d._id) ?? NO_COUNTS, await this.placeOf(mineBy.get(d._id)), { viewer, coverUrl, organizer: scope.all || scope.branchIds.includes(d.branchId) }),
      ),
    );
    return { items };
  }

  async get(caller: Caller, input: ParsedInput<'activity', 'get'>): Promise<ActionOutput<'activity', 'get'>> {
    const doc = await this.activities.activity(input.activityId);
    const missing = notFound('ACTIVITY.NOT_FOUND', 'no such activity');
    if (!doc) throw missing;
    const organizer = await organizes(caller, doc);
    // A draft is its organisers' alone; a members-only activity is not found for anyone outside its branch.
    if (doc.state === 'draft' && !organizer) throw missing;
    if (doc.audience === 'members' && !organizer && !(await memberBranches(caller)).includes(doc.branchId)) throw missing;
    const [viewer, counts, signup] = await Promise.all([viewerOf(caller), this.activities.counts([doc._id]), this.activities.signup(doc._id, caller.openid)]);
    const now = this.deps.clock.now();
    const reason =
      doc.state === 'cancelled'
        ? REASONS.cancelled
        : doc.state === 'draft'
          ? REASONS.draft
          : now >= ms(doc.end)
            ? REASONS.ended
            : now >= ms(doc.signUpDeadline)
              ? REASONS.closed
              : null;
    return toDetail(doc, counts.get(doc._id) ?? NO_COUNTS, await this.placeOf(signup), {
      viewer,
      coverUrl: coverUrlOf(this.deps),
      organizer,
      // A full activity is still open: the page offers the waitlist.
      canSignUp: reason === null,
      reason: reason ? { ...reason } : null,
    });
  }

  async mine(caller: Caller): Promise<ActionOutput<'activity', 'mine'>> {
    const now = this.deps.clock.now();
    const held = await this.repo.heldBy(caller.openid);
    const docs = await this.activities.activitiesByIds([...new Set(held.map((s) => s.activityId))]);
    const byId = new Map(docs.filter((d) => d.state === 'published').map((d) => [d._id, d]));
    // Upcoming: a place held or waited for in an activity not yet ended. Past: ended, the person held a place.
    const upcoming = held.filter((s) => { const d = byId.get(s.activityId); return d !== undefined && ms(d.end) > now; });
    const past = held.filter((s) => { const d = byId.get(s.activityId); return d !== undefined && ms(d.end) <= now && s.state === 'confirmed'; });
    const ids = [...upcoming, ...past].map((s) => s.activityId);
    const [viewer, counts, scope] = await Promise.all([viewerOf(caller), this.activities.counts(ids), organizerScope(caller)]);
    const coverUrl = coverUrlOf(this.deps);
    const view = async (s: ActivitySignupDoc): Promise<ActivitySummary> => {
      const d = byId.get(s.activityId) as ActivityDoc;
      return toSummary(d, counts.get(d._id) ?? NO_COUNTS, await this.placeOf(s), { viewer, coverUrl, organizer: scope.all || scope.branchIds.includes(d.branchId) });
    };
    const start = (s: ActivitySignupDoc): number => ms((byId.get(s.activityId) as ActivityDoc).start);
    return {
      upcoming: await Promise.all(upcoming.sort((a, b) => start(a) - start(b) || (a.activityId < b.activityId ? -1 : 1)).map(view)),
      past: await Promise.all(past.sort((a, b) => start(b) - start(a) || (a.activityId < b.activityId ? -1 : 1)).map(view)),
    };
  }

  /** The activity, for one of its organisers; anyone else is told it is not found (and is shown nothing of it). */
  private async organised(caller: Caller, activityId: string): Promise<ActivityDoc> {
    const doc = await this.activities.activity(activityId);
    if (!doc || !(await organizes(caller, doc))) throw notFound('ACTIVITY.NOT_FOUND', 'no such activity among yours');
    return doc;
  }

  async roster(caller: Caller, input: ParsedInput<'activity', 'roster'>): Promise<ActionOutput<'activity', 'roster'>> {
    const doc = await this.organised(caller, input.activityId);
    const { confirmed, waitlisted } = await this.repo.roster(doc._id);
    // Phones in full for the activity's own branch secretary; masked for anyone else (a district admin).
    const fullPhones = await ownSecretary(caller, doc);
    const openids = [...confirmed, ...waitlisted].map((s) => s.openid);
    const people = (await Promise.all(Array.from({ length: Math.ceil(openids.length / 1000) }, (_, i) => this.users.findMany(openids.slice(i * 1000, (i + 1) * 1000))))).flat();
    const who = new Map(people.map((u) => [u.openid, u]));
    const entry = (s: ActivitySignupDoc, position: number | null): ActivityRosterEntry => {
      const u = who.get(s.openid);
      const phone = u?.phone ?? null;
      return {
        key: rosterKey(doc._id, s.openid),
        name: u?.nickname || ERASED_NAME,
        phone: fullPhones ? phone : maskPhone(phone),
        state: s.state === 'waitlisted' ? 'waitlisted' : 'confirmed',
        position,
        signedUpAt: toBeijingIso(ms(s.createdAt)),
        checkedInAt: s.checkedInAt ? toBeijingIso(ms(s.checkedInAt)) : null,
      };
    };
    const rows = confirmed.map((s) => entry(s, null));
    return {
      activityId: doc._id,
      title: doc.title,
      start: toBeijingIso(ms(doc.start)),
      capacity: doc.capacity,
      confirmed: rows,
      waitlisted: waitlisted.map((s, i) => entry(s, i + 1)),
      checkedIn: rows.filter((r) => r.checkedInAt !== null).length,
    };
  }

  async checkInCode(caller: Caller, input: ParsedInput<'activity', 'checkInCode'>): Promise<ActionOutput<'activity', 'checkInCode'>> {
    const doc = await this.organised(caller, input.activityId);
    if (doc.state === 'cancelled') throw new DomainError('ACTIVITY.CANCELLED', 'the activity was cancelled');
    const step = codeStep(this.deps.clock.now());
    const code = stepCode('activity', doc._id, step);
    const [counts, checkedIn] = await Promise.all([this.activities.counts([doc._id]), this.repo.checkedIn(doc._id)]);
    const c = counts.get(doc._id) ?? NO_COUNTS;
    return {
      activityId: doc._id,
      title: doc.title,
      start: toBeijingIso(ms(doc.start)),
      end: toBeijingIso(ms(doc.end)),
      placeName: doc.placeName,
      code,
      qr: rotatingQr('activity', doc._id, code),
      expiresAt: toBeijingIso((step + 1) * CODE_STEP_MS),
      stepSeconds: CODE_STEP_MS / 1000,
      confirmed: c.taken,
      waiting: c.waiting,
      checkedIn,
    };
  }

  /** The roster as an .xlsx workbook (base64): one row per person, phones as the roster shows them to the caller. */
  async exportRoster(caller: Caller, input: ParsedInput<'activity', 'exportRoster'>): Promise<ActionOutput<'activity', 'exportRoster'>> {
    const r = await this.roster(caller, input);
    const people = [...r.confirmed, ...r.waitlisted];
    const base64 = await workbookBase64([
      {
        name: '报名与签到',
        title: `${r.title}（${beijingWords(r.start)}）报名与签到`,
        columns: [
          { header: '序号', width: 6 },
          { header: '姓名', width: 14 },
          { header: '电话', width: 16 },
          { header: '状态', width: 12 },
          { header: '报名时间', width: 18 },
          { header: '签到时间', width: 18 },
        ],
        rows: people.map((p, i) => [i + 1, p.name, p.phone ?? '', p.state === 'waitlisted' ? `${STATE_WORDS.waitlisted}第${p.position ?? ''}位` : STATE_WORDS.confirmed, beijingWords(p.signedUpAt), p.checkedInAt ? beijingWords(p.checkedInAt) : '未签到']),
        footer: [`名额${r.capacity}`, `已报名${r.confirmed.length}人`, `候补${r.waitlisted.length}人`, `已签到${r.checkedIn}人`],
      },
    ]);
    const safeTitle = r.title.replace(/[\\/:*?"<>|\s]+/g, '');
    return { filename: `活动名单-${r.start.slice(0, 10)}-${safeTitle}.xlsx`, mimeType: XLSX_MIME, base64, rows: people.length };
  }
}
