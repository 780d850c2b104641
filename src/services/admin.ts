import type { ActionInput, ActionOutput, AdminStation, AdminVenue, AuditEntryView, Dashboard, DashboardTable, FoundPerson, RoleGrant, RoleGrantInput, StationAdminInput, VenueAdminInput } from '../../types';
import { call, newRequestId } from './client';

export type AuditFilter = ActionInput<'admin', 'auditLog'>;
export type DashboardRange = { streetId?: string; from: string; to: string };
export type TableExport = ActionOutput<'admin', 'exportTable'>;

/**
 * Administration on the client (district admins everywhere, street admins in their street): venues, stations,
 * people and roles, the audit log, the dashboard. Mutations take a `requestId` made once per intent (when a form opens
 * or a confirmation is accepted), reused on retry.
 */
export const adminService = {
  venues: async (filter: { streetId?: string; includeRetired?: boolean } = {}): Promise<AdminVenue[]> => (await call('admin', 'venues', filter)).venues,
  saveVenue: (venue: VenueAdminInput, venueId?: string, requestId: string = newRequestId()): Promise<ActionOutput<'admin', 'saveVenue'>> =>
    call('admin', 'saveVenue', venueId ? { venueId, venue } : { venue }, { requestId }),
  retireVenue: (venueId: string, reason: string, cancelBookings = false, requestId: string = newRequestId()): Promise<ActionOutput<'admin', 'retireVenue'>> =>
    call('admin', 'retireVenue', cancelBookings ? { venueId, reason, cancelBookings } : { venueId, reason }, { requestId }),
  stations: async (filter: { streetId?: string; includeRetired?: boolean } = {}): Promise<AdminStation[]> => (await call('admin', 'stations', filter)).stations,
  saveStation: (station: StationAdminInput, stationId?: string, requestId: string = newRequestId()): Promise<ActionOutput<'admin', 'saveStation'>> =>
    call('admin', 'saveStation', stationId ? { stationId, station } : { station }, { requestId }),
  retireStation: (stationId: string, reason: string, cancelShifts = false, requestId: string = newRequestId()): Promise<ActionOutput<'admin', 'retireStation'>> =>
    call('admin', 'retireStation', cancelShifts ? { stationId, reason, cancelShifts } : { stationId, reason }, { requestId }),
  findPeople: async (q: string): Promise<FoundPerson[]> => (await call('admin', 'findPeople', { q })).people,
  grantRole: (openid: string, grant: RoleGrantInput, requestId: string = newRequestId()): Promise<{ openid: string; roles: RoleGrant[] }> =>
    call('admin', 'grantRole', { openid, grant }, { requestId }),
  revokeRole: (openid: string, role: Exclude<RoleGrant['role'], 'resident'>, requestId: string = newRequestId()): Promise<{ openid: string; roles: RoleGrant[] }> =>
    call('admin', 'revokeRole', { openid, role }, { requestId }),
  auditLog: async (filter: AuditFilter = {}): Promise<AuditEntryView[]> => (await call('admin', 'auditLog', filter)).entries,
  dashboard: (range: DashboardRange): Promise<Dashboard> => call('admin', 'dashboard', range),
  exportTable: (table: DashboardTable, range: DashboardRange): Promise<TableExport> => call('admin', 'exportTable', { table, ...range }),
};
