import type { OrgDetail, OrgKind, OrgProfile, OrgSizeBand } from '../../../types';
import { CallError } from '../../services/client';
import { messageFor } from '../../services/messages';

/** The profile form as the page holds it: text boxes as typed, choices null until chosen. */
export interface OrgForm {
  name: string;
  kind: OrgKind | null;
  streetId: string | null;
  communityId: string | null;
  sizeBand: OrgSizeBand | null;
  leaderName: string;
  leaderPhone: string;
  services: string[];
  intro: string;
  instructor: string;
}

export type OrgField = 'name' | 'kind' | 'street' | 'sizeBand' | 'leaderName' | 'leaderPhone' | 'services' | 'intro' | 'instructor';
export type OrgErrors = Partial<Record<OrgField, string>>;

/** Services most organizations of the district offer: a tap adds one (others can be typed). */
export const COMMON_SERVICES = ['助老服务', '关爱儿童', '文体活动', '法律咨询', '心理疏导', '志愿服务', '邻里互助', '健康义诊', '就业帮扶', '环境保护'];

export const emptyOrgForm = (streetId: string | null = null): OrgForm => ({
  name: '',
  kind: null,
  streetId,
  communityId: null,
  sizeBand: null,
  leaderName: '',
  leaderPhone: '',
  services: [],
  intro: '',
  instructor: '',
});

/** An organization's form from its page (the leader's phone is only shown masked: it is typed again to change it). */
export const orgFormOf = (o: OrgDetail): OrgForm => ({
  name: o.name,
  kind: o.kind,
  streetId: o.streetId,
  communityId: o.communityId,
  sizeBand: o.sizeBand,
  leaderName: o.leaderName,
  leaderPhone: '',
  services: [...o.services],
  intro: o.intro,
  instructor: o.instructor ?? '',
});

const PHONE = /^1[3-9]\d{9}$/;
const digits = (s: string) => s.replace(/[\s-]/g, '');

/** What the form still needs, in words at each field (the server checks again). */
export function checkOrgForm(f: OrgForm): OrgErrors {
  const e: OrgErrors = {};
  const name = f.name.trim();
  if (!name) e.name = '请填写组织名称';
  else if (name.length < 2) e.name = '组织名称至少2个字';
  if (!f.kind) e.kind = '请选择组织类型';
  if (!f.streetId) e.street = '请选择所在街道';
  if (!f.sizeBand) e.sizeBand = '请选择人员规模';
  if (!f.leaderName.trim()) e.leaderName = '请填写负责人姓名';
  if (f.leaderPhone.trim() && !PHONE.test(digits(f.leaderPhone))) e.leaderPhone = '请填写11位手机号';
  return e;
}

/**
 * The profile to send. The page never learns the leader's phone (it is shown masked): editing, an empty box leaves
 * `leaderPhone` out, which keeps the one on record; creating, an empty box means none.
 */
export function orgProfileOf(f: OrgForm, editing: boolean): OrgProfile {
  const phone = digits(f.leaderPhone.trim());
  const profile: OrgProfile = {
    name: f.name.trim(),
    kind: f.kind as OrgKind,
    streetId: f.streetId ?? '',
    communityId: f.communityId,
    sizeBand: f.sizeBand as OrgSizeBand,
    leaderName: f.leaderName.trim(),
    services: f.services,
    intro: f.intro.trim(),
    instructor: f.instructor.trim() ? f.instructor.trim() : null,
  };
  if (phone) profile.leaderPhone = phone;
  else if (!editing) profile.leaderPhone = null;
  return profile;
}

/** The form field a server path names (`profile.name`, `profile.services.2`, `communityId`…), or null. */
export function orgFieldOf(path: string): OrgField | null {
  const p = path.replace(/^profile\./, '').split('.')[0] ?? '';
  if (p === 'streetId' || p === 'communityId') return 'street';
  const known: OrgField[] = ['name', 'kind', 'sizeBand', 'leaderName', 'leaderPhone', 'services', 'intro', 'instructor'];
  return known.find((k) => k === p) ?? null;
}

const hasChinese = (s: string) => /[\u4e00-\u9fa5]/.test(s);

/**
 * A refusal of the form, at the fields it names: INPUT.INVALID field by field (the contract's Chinese words),
 * CONTENT.REJECTED at the field it names, ADMIN.AREA_UNKNOWN at the street. null = not about a field.
 */
export function orgErrorsOf(e: unknown): OrgErrors | null {
  if (!(e instanceof CallError)) return null;
  if (e.code === 'INPUT.INVALID' && e.fields) {
    const mine: OrgErrors = {};
    for (const [path, message] of Object.entries(e.fields)) {
      const f = orgFieldOf(path);
      if (f && !mine[f]) mine[f] = hasChinese(message) ? message : '这一项填写有误';
    }
    return Object.keys(mine).length > 0 ? mine : null;
  }
  if (e.code === 'CONTENT.REJECTED') {
    const named = e.details?.field ?? Object.keys(e.fields ?? {})[0] ?? '';
    const f = orgFieldOf(named);
    return f ? { [f]: messageFor(e) } : null;
  }
  if (e.code === 'ADMIN.AREA_UNKNOWN') return { street: messageFor(e) };
  return null;
}
