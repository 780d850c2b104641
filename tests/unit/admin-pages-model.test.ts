/**
 * The administration pages' pure rules (src/components/admin/model.ts): who counts as an administrator, which roles
 * they may grant, how adding or removing one place keeps a manager's other places, and the audit diff in words.
 */
import { adminScopeOfMe, changedFields, grantableRoles, managerChange } from '../../src/components/admin/model';

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
