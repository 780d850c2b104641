import type { Me, Role, RoleGrant, RoleGrantInput } from '../../../types';

/** Who the caller is as an administrator: the district admin (everywhere) or a street admin (one street); null otherwise. */
export type AdminScope = { kind: 'district' } | { kind: 'street'; streetId: string };

export function adminScopeOfMe(me: Pick<Me, 'roles'> | undefined): AdminScope | null {
  if (!me) return null;
  if (me.roles.some((r) => r.role === 'district_admin')) return { kind: 'district' };
  const street = me.roles.find((r) => r.role === 'street_admin' && r.scope?.streetId);
  return street?.scope?.streetId ? { kind: 'street', streetId: street.scope.streetId } : null;
}

/** 区管理员 / 向阳街道管理员. */
export function adminTitle(scope: AdminScope, streetName: (id: string) => string | undefined): string {
  return scope.kind === 'district' ? '区管理员' : `${streetName(scope.streetId) ?? '街道'}管理员`;
}

/** The roles an administrator may grant (street admins: volunteers and the managers of their street's places). */
export function grantableRoles(scope: AdminScope): Array<Exclude<Role, 'resident'>> {
  return scope.kind === 'district'
    ? ['volunteer', 'venue_manager', 'station_manager', 'party_member', 'branch_secretary', 'street_admin', 'district_admin']
    : ['volunteer', 'venue_manager', 'station_manager'];
}

type PlaceRole = 'venue_manager' | 'station_manager';
const placeKey = (role: PlaceRole) => (role === 'venue_manager' ? 'venueIds' : 'stationIds');

/** The places a person's grant of `role` names (as the caller sees it). */
export function placesOf(roles: readonly RoleGrant[], role: PlaceRole): string[] {
  const grant = roles.find((r) => r.role === role);
  return [...(grant?.scope?.[placeKey(role)] ?? [])];
}

/**
 * What to send to add or remove one place from a manager's grant without losing their other places: a grant of the
 * whole new list, or — when nothing would remain — a revoke.
 */
export function managerChange(roles: readonly RoleGrant[], role: PlaceRole, placeId: string, add: boolean): { grant: RoleGrantInput } | { revoke: PlaceRole } {
  const now = placesOf(roles, role);
  const next = add ? (now.includes(placeId) ? now : [...now, placeId]) : now.filter((id) => id !== placeId);
  if (next.length === 0) return { revoke: role };
  return role === 'venue_manager' ? { grant: { role, scope: { venueIds: next } } } : { grant: { role, scope: { stationIds: next } } };
}

/** The audit log's "what" filter: a few named groups, each an action or a function prefix. */
export const AUDIT_GROUPS: ReadonlyArray<{ label: string; action?: string }> = [
  { label: '全部' },
  { label: '场地', action: 'admin.saveVenue' },
  { label: '停用场地', action: 'admin.retireVenue' },
  { label: '红帆站', action: 'admin.saveStation' },
  { label: '停用红帆站', action: 'admin.retireStation' },
  { label: '授予角色', action: 'admin.grantRole' },
  { label: '收回角色', action: 'admin.revokeRole' },
  { label: '社会组织', action: 'org.' },
  { label: '场地预约', action: 'venue.' },
  { label: '志愿服务', action: 'volunteer.' },
  { label: '党课', action: 'course.' },
  { label: '支部活动', action: 'activity.' },
];

/** What each audited action is called on 操作记录 (the stored summary is a reviewer's English note). */
export const ACTION_LABELS: Record<string, string> = {
  'admin.saveVenue': '保存场地',
  'admin.retireVenue': '停用场地',
  'admin.saveStation': '保存红帆站',
  'admin.retireStation': '停用红帆站',
  'admin.grantRole': '授予角色',
  'admin.revokeRole': '收回角色',
  'org.claim': '认领社会组织',
  'org.create': '新增社会组织',
  'org.update': '修改社会组织',
  'org.verify': '核实社会组织',
  'org.merge': '合并重复的社会组织',
  'org.savePartyOrg': '保存党组织',
  'venue.approve': '同意场地预约',
  'venue.reject': '不同意场地预约',
  'venue.setBlackout': '设置场地停用日',
  'venue.photo_taken_down': '撤下未通过检查的场地照片',
  'station.decide': '审核红帆站成员',
  'station.post': '发布红帆站公告',
  'volunteer.createShift': '发布服务班次',
  'volunteer.confirmCheckOut': '确认志愿者签退',
  'volunteer.grantHours': '补录或更正服务时长',
  'course.save': '保存课程',
  'course.schedule': '安排线下课',
  'course.cancelSession': '取消线下课',
  'course.remind': '提醒党员学习',
  'activity.create': '新建活动',
  'activity.update': '修改活动',
  'activity.publish': '发布活动',
  'activity.cancelActivity': '取消活动',
  'activity.cover_taken_down': '撤下未通过检查的活动封面',
};

/** An entry's title in plain Chinese: what was done, and to which named thing when the entry records it. */
export function entryTitle(e: { action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }): string {
  const label = ACTION_LABELS[e.action] ?? '管理操作';
  const name = e.after?.name ?? e.before?.name;
  return typeof name === 'string' && name ? `${label}：${name}` : label;
}

/** Chinese names of the fields administration changes record; unknown keys are shown as they are. */
export const FIELD_LABELS: Record<string, string> = {
  name: '名称',
  level: '级别',
  type: '类型',
  capacity: '容纳人数',
  facilities: '设施',
  address: '地址',
  streetId: '街道',
  communityId: '社区',
  streetName: '街道',
  communityName: '社区',
  opens: '开门时间',
  closes: '关门时间',
  slotMinutes: '每段时长（分钟）',
  windowDays: '可提前预约天数',
  maxConsecutive: '最多连续预约段数',
  needsApproval: '需要审批',
  photos: '照片',
  active: '在用',
  retiredAt: '停用时间',
  retiredReason: '停用原因',
  services: '服务项目',
  hours: '开放时间',
  location: '位置',
  roles: '角色',
  role: '角色',
  scope: '范围',
  venueIds: '管理的场地',
  stationIds: '管理的站点',
  branchId: '党组织',
  kind: '类别',
  verification: '核实',
  partyMode: '党组织情况',
  leaderName: '负责人',
  sizeBand: '规模',
};

const show = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.length === 0 ? '（空）' : v.map(show).join('、');
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
};

/** The fields that differ between before and after, in words: 名称：旧 → 新. */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Array<{ label: string; from: string; to: string }> {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const out: Array<{ label: string; from: string; to: string }> = [];
  for (const k of keys) {
    const a = before?.[k];
    const b = after?.[k];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    out.push({ label: FIELD_LABELS[k] ?? k, from: before ? show(a) : '（新建）', to: after ? show(b) : '（删除）' });
  }
  return out;
}

/** "2026-12-02T09:30:00+08:00" → "12月2日 09:30" (Beijing time as the server wrote it). */
export function shortInstant(at: string): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return at;
  const b = new Date(ms + 8 * 3600_000).toISOString();
  return `${Number(b.slice(5, 7))}月${Number(b.slice(8, 10))}日 ${b.slice(11, 16)}`;
}
