import type { ActionOutput, ParsedInput } from '../../types';
import { addDays, beijingDate, toBeijingIso } from '../../types/beijing-time';
import { XLSX_MIME, type BranchRecord } from '../../types/course';
import { grantedBranches } from '../_shared/branches';
import type { Caller } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import { DomainError, forbidden, notFound } from '../_shared/errors';
import { ERASED_NAME } from '../_shared/privacy';
import { workbookBase64 } from '../_shared/workbook';
import { REMIND_EVERY_DAYS, type RecordRepository } from './record.repository';

/** A Beijing quarter: its label (2026-Q4), its months (2026-10…2026-12) and its first and last dates. */
export interface Quarter {
  label: string;
  months: string[];
  from: string;
  to: string;
}

export function quarterOf(label: string): Quarter {
  const year = Number(label.slice(0, 4));
  const q = Number(label.slice(-1));
  const months = [1, 2, 3].map((i) => `${year}-${String((q - 1) * 3 + i).padStart(2, '0')}`);
  return { label, months, from: `${months[0] as string}-01`, to: `${months[2] as string}-31` };
}

/** The Beijing quarter of an instant. */
export const quarterAt = (ms: number): string => {
  const date = beijingDate(ms);
  return `${date.slice(0, 4)}-Q${Math.ceil(Number(date.slice(5, 7)) / 3)}`;
};

/** A deleted account's completions are kept under a pseudonym (see the user function's erasure). */
const isPseudonym = (openid: string): boolean => openid.startsWith('deleted:');

const REMINDER = {
  title: '本季度还没有学习组织生活课程',
  body: (branch: string): string => `${branch}提醒您：这个季度您还没有参加“15分钟组织生活”课程。抽15分钟学一节吧，线上学习、到场听课都算。`,
};

const VIA_WORDS = { online: '线上', offline: '线下' } as const;
const percent = (rate: number): string => `${Math.round(rate * 100)}%`;

/** The branch's organization-life record (三会一课), reminders to members who did no course, and the .xlsx export. */
export class RecordService {
  constructor(
    private readonly repo: RecordRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Which branch the caller may keep: a secretary the branches of their `branch_secretary` grants (the first by
   * default), a district admin any (named). Another branch is refused before anything about it is read.
   */
  private async keptBranch(caller: Caller, asked: string | undefined): Promise<{ id: string; name: string; organizations: string[] }> {
    const grants = await caller.roles();
    const own = grantedBranches(grants, ['branch_secretary']);
    const district = grants.some((g) => g.role === 'district_admin');
    const branchId = asked ?? own[0];
    if (!branchId) throw new DomainError('INPUT.INVALID', 'no branch of your own: name one', { branchId: '请选择党支部' });
    if (!district && !own.includes(branchId)) throw forbidden('只能查看本支部的组织生活记录');
    const branch = await this.repo.branch(branchId);
    if (!branch) throw notFound('COURSE.BRANCH_NOT_FOUND', '没有找到这个党支部');
    return { id: branch._id, name: branch.name, organizations: branch.organizations };
  }

  private async record(branch: { id: string; name: string; organizations: string[] }, label: string): Promise<BranchRecord> {
    const now = this.clock.now();
    const quarter = quarterOf(label);
    const thisMonth = beijingDate(now).slice(0, 7);
    // Months of the quarter so far (all three for a past quarter, none for a future one): the rate's denominator.
    const monthsSoFar = quarter.months.filter((m) => m <= thisMonth).length;
    const [members, completions] = await Promise.all([this.repo.members(branch.id), this.repo.completions(branch.id, quarter.from, quarter.to)]);

    // Everyone on the record: today's members, and whoever completed a course for the branch this quarter (a member
    // who since left, or a deleted account under its pseudonym).
    const names = new Map<string, string>(members.map((m) => [m.openid, m.nickname ?? ERASED_NAME]));
    const others = [...new Set(completions.map((c) => c.openid).filter((id) => !names.has(id)))];
    const known = await this.repo.nicknames(others.filter((id) => !isPseudonym(id)));
    for (const id of others) names.set(id, known.get(id) ?? ERASED_NAME);
    const people = [...names.keys()];
    const lastDates = await this.repo.lastDates(branch.id, people, quarter.to);

    const perMonth = new Map<string, number[]>(people.map((id) => [id, quarter.months.map(() => 0)]));
    for (const c of completions) {
      const i = quarter.months.indexOf(c.date.slice(0, 7));
      const row = perMonth.get(c.openid);
      if (row && i >= 0) row[i] = (row[i] as number) + 1;
    }
    const rows = people
      .map((id) => {
        const counts = perMonth.get(id) as number[];
        const active = counts.filter((n) => n > 0).length;
        return {
          memberId: id,
          name: names.get(id) as string,
          perMonth: counts,
          total: counts.reduce((a, b) => a + b, 0),
          rate: monthsSoFar > 0 ? active / monthsSoFar : 0,
          lastDate: lastDates.get(id) ?? null,
        };
      })
      .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-Hans-CN') || (a.memberId < b.memberId ? -1 : 1));
    const inactive = members.filter((m) => (perMonth.get(m.openid) as number[]).every((n) => n === 0));
    const reminded = await this.repo.lastReminded(
      branch.id,
      inactive.map((m) => m.openid),
    );
    return {
      branchId: branch.id,
      branchName: branch.name,
      organizations: branch.organizations,
      quarter: quarter.label,
      months: quarter.months,
      entries: completions.map((c) => ({ date: c.date, courseId: c.courseId, courseTitle: c.courseTitle, memberId: c.openid, name: names.get(c.openid) ?? ERASED_NAME, via: c.via })),
      members: rows,
      monthly: quarter.months.map((month, i) => {
        const active = rows.filter((r) => (r.perMonth[i] as number) > 0).length;
        return { month, completions: rows.reduce((sum, r) => sum + (r.perMonth[i] as number), 0), active, rate: rows.length > 0 ? active / rows.length : 0 };
      }),
      inactive: inactive.map((m) => {
        const at = reminded.get(m.openid);
        return { memberId: m.openid, name: names.get(m.openid) as string, remindedAt: at ? toBeijingIso(at.getTime()) : null };
      }),
    };
  }

  async branchRecord(caller: Caller, input: ParsedInput<'course', 'branchRecord'>): Promise<ActionOutput<'course', 'branchRecord'>> {
    const branch = await this.keptBranch(caller, input.branchId);
    return this.record(branch, input.quarter ?? quarterAt(this.clock.now()));
  }

  /**
   * A reminder message to each member with no course this quarter, at most one per member every 7 days (the others
   * are skipped), and one audit entry.
   */
  async remind(caller: Caller, input: ParsedInput<'course', 'remind'>, requestId: string): Promise<ActionOutput<'course', 'remind'>> {
    const branch = await this.keptBranch(caller, input.branchId);
    const now = this.clock.now();
    const today = beijingDate(now);
    const record = await this.record(branch, quarterAt(now));
    // Reminded in the last 7 days (as the record says): skipped without a transaction; the others are checked again in it.
    const since = addDays(today, -(REMIND_EVERY_DAYS - 1));
    const recent = record.inactive.filter((m) => m.remindedAt !== null && m.remindedAt.slice(0, 10) >= since);
    const due = record.inactive.filter((m) => !recent.includes(m)).map((m) => m.memberId);
    const done = await this.repo.remind(
      {
        branchId: branch.id,
        branchName: branch.name,
        members: due,
        by: caller.openid,
        today,
        message: { title: REMINDER.title, body: REMINDER.body(branch.name) },
        audit: { actor: caller.openid, action: 'course.remind', target: `branch:${branch.id}`, requestId, scope: { branchId: branch.id } },
      },
      now,
    );
    return { branchId: branch.id, reminded: done.reminded.length, skipped: recent.length + done.skipped.length };
  }

  /**
   * The record as an .xlsx workbook, returned in the answer as base64: this project keeps no files (no cloud storage),
   * so the app saves the bytes it is given. Sheets: 学习记录 (one row per completion) and 党员完成情况 (per member).
   */
  async exportRecord(caller: Caller, input: ParsedInput<'course', 'exportRecord'>): Promise<ActionOutput<'course', 'exportRecord'>> {
    const branch = await this.keptBranch(caller, input.branchId);
    const record = await this.record(branch, input.quarter ?? quarterAt(this.clock.now()));
    return { filename: `支部组织生活记录-${record.quarter}.xlsx`, mimeType: XLSX_MIME, base64: await workbookOf(record), rows: record.entries.length };
  }
}

const quarterWords = (label: string): string => `${label.slice(0, 4)}年第${'一二三四'[Number(label.slice(-1)) - 1] as string}季度`;
const monthWords = (month: string): string => `${Number(month.slice(5))}月`;

/** The workbook (base64): sheets 学习记录 (one row per completion) and 党员完成情况 (per member, with the monthly rates). */
export function workbookOf(record: BranchRecord): Promise<string> {
  const title = `${record.branchName} ${quarterWords(record.quarter)}组织生活记录`;
  const col = (header: string, width: number): { header: string; width: number } => ({ header, width });
  return workbookBase64([
    {
      name: '学习记录',
      title,
      columns: [col('日期', 14), col('课程', 30), col('党员', 14), col('方式', 10)],
      rows: record.entries.map((e) => [e.date, e.courseTitle, e.name, VIA_WORDS[e.via]]),
    },
    {
      name: '党员完成情况',
      title,
      columns: [col('党员', 14), ...record.months.map((m) => col(monthWords(m), 10)), col('合计', 10), col('完成率', 12), col('最近一次', 14)],
      rows: record.members.map((m) => [m.name, ...m.perMonth, m.total, percent(m.rate), m.lastDate ?? '']),
      footer: ['每月参学率', ...record.monthly.map((x) => percent(x.rate)), record.entries.length, '', ''],
    },
  ]);
}
