/**
 * The administration pages' pure rules (src/components/admin/model.ts): who counts as an administrator, which roles
 * they may grant, how adding or removing one place keeps a manager's other places, and the audit diff in words.
 */
import { ACTION_LABELS, adminScopeOfMe, changedFields, entryTitle, grantableRoles, managerChange } from '../../src/components/admin/model';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

describe('adminScopeOfMe', () => {
  test('district admin everywhere, street admin in their street, anyone else none', () => {
    expect(adminScopeOfMe({ roles: [{ role: 'resident' }, { role: 'district_admin' }] })).toEqual({ kind: 'district' });
    expect(adminScopeOfMe({ roles: [{ role: 'street_admin', scope: { streetId: 'xiangyang' } }] })).toEqual({ kind: 'street', streetId: 'xiangyang' });
    expect(adminScopeOfMe({ roles: [{ role: 'venue_manager', scope: { venueIds: ['v1'] } }] })).toBeNull();
    expect(adminScopeOfMe({ roles: [{ role: 'street_admin' }] })).toBeNull();
    expect(adminScopeOfMe(undefined)).toBeNull();
  });
  test('street admins grant only volunteers and the managers of their places', () => {
    expect(grantableRoles({ kind: 'street', streetId: 's' })).toEqual(['volunteer', 'venue_manager', 'station_manager']);
    expect(grantableRoles({ kind: 'district' })).toEqual(expect.arrayContaining(['party_member', 'branch_secretary', 'street_admin', 'district_admin']));
  });
});

describe('managerChange', () => {
  const roles = [{ role: 'resident' as const }, { role: 'venue_manager' as const, scope: { venueIds: ['a', 'b'] } }];
  test('adding a venue keeps the ones they manage', () => {
    expect(managerChange(roles, 'venue_manager', 'c', true)).toEqual({ grant: { role: 'venue_manager', scope: { venueIds: ['a', 'b', 'c'] } } });
    expect(managerChange([], 'station_manager', 's1', true)).toEqual({ grant: { role: 'station_manager', scope: { stationIds: ['s1'] } } });
    expect(managerChange(roles, 'venue_manager', 'a', true)).toEqual({ grant: { role: 'venue_manager', scope: { venueIds: ['a', 'b'] } } });
  });
  test('removing one keeps the others; removing the last revokes the role', () => {
    expect(managerChange(roles, 'venue_manager', 'a', false)).toEqual({ grant: { role: 'venue_manager', scope: { venueIds: ['b'] } } });
    expect(managerChange([{ role: 'venue_manager', scope: { venueIds: ['a'] } }], 'venue_manager', 'a', false)).toEqual({ revoke: 'venue_manager' });
  });
});

describe('changedFields', () => {
  test('only what changed, with Chinese labels; unknown keys as they are', () => {
    expect(changedFields({ name: '旧厅', capacity: 30, needsApproval: false, x: 1 }, { name: '新厅', capacity: 30, needsApproval: true, x: 2 })).toEqual([
      { label: '名称', from: '旧厅', to: '新厅' },
      { label: '需要审批', from: '否', to: '是' },
      { label: 'x', from: '1', to: '2' },
    ]);
  });
  test('a creation has no before', () => {
    expect(changedFields(null, { facilities: ['投影仪', '音响'] })).toEqual([{ label: '设施', from: '（新建）', to: '投影仪、音响' }]);
  });
});

describe('entryTitle', () => {
  test('an entry reads in Chinese: what was done and to which named thing — never the stored English note', () => {
    expect(entryTitle({ action: 'admin.saveVenue', before: { name: '旧名' }, after: { name: '向阳街道党群服务中心活动室' } })).toBe('保存场地：向阳街道党群服务中心活动室');
    expect(entryTitle({ action: 'admin.retireVenue', before: { name: '北大社区文体活动室' }, after: null })).toBe('停用场地：北大社区文体活动室');
    expect(entryTitle({ action: 'admin.grantRole', before: null, after: null })).toBe('授予角色');
    expect(entryTitle({ action: 'something.new', before: null, after: null })).toBe('管理操作');
  });
  test('every action the functions audit has a Chinese name', () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? files(path.join(dir, f)) : [path.join(dir, f)]));
    const audited = new Set(
      files(path.join(__dirname, '../../cloudfunctions'))
        .filter((f) => f.endsWith('.ts'))
        .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/action: '([a-zA-Z]+\.[a-zA-Z_]+)'/g)].map((m) => m[1] as string)),
    );
    audited.add('admin.grantRole').add('admin.revokeRole');
    expect([...audited].filter((a) => !ACTION_LABELS[a])).toEqual([]);
  });
});
