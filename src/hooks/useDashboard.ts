import { useState } from 'react';
import type { DashboardTable } from '../../types/org-rules';
import { customRange, presetRange, type RangeKind } from '../components/dashboard/format';
import { fetchAndSaveExport } from '../components/save-export';
import { dateOf } from '../../types/date-format';
import { adminService, type DashboardRange } from '../services/admin';
import { venueService } from '../services/venue';
import { userService } from '../services/user';
import { useRequest } from './useRequest';

/** Who is looking: a district admin (every street), a street admin (theirs), or nobody the dashboard is for. */
export type DashboardViewer = { kind: 'district' } | { kind: 'street'; streetId: string } | { kind: 'none' };

/**
 * 数据看板: who may look (from the person's own grants), the range (今年 / 近12个月 / 本季度 / months chosen by hand) and
 * street (district admins: 全区 or one street; a street admin always theirs), the dashboard for them, and 下载表格.
 */
export function useDashboard(initialStreetId?: string, today: () => string = () => dateOf(Date.now())) {
  const viewerRequest = useRequest(async (): Promise<DashboardViewer> => {
    const me = await userService.me();
    if (me.roles.some((g) => g.role === 'district_admin')) return { kind: 'district' };
    const streetId = me.roles.find((g) => g.role === 'street_admin')?.scope?.streetId;
    return streetId ? { kind: 'street', streetId } : { kind: 'none' };
  }, []);
  const viewer = viewerRequest.data;
  const isDistrict = viewer?.kind === 'district';

  const streets = useRequest(async () => (isDistrict ? venueService.areas() : []), [isDistrict]);

  const [rangeKind, setRangeKind] = useState<RangeKind>('year');
  const [customMonths, setCustomMonths] = useState(() => {
    const last12 = presetRange('last12', today());
    return { from: last12.from.slice(0, 7), to: last12.to.slice(0, 7) };
  });
  const [streetId, setStreetId] = useState<string | undefined>(initialStreetId || undefined);

  const custom = customRange(customMonths.from, customMonths.to);
  const rangeProblem = rangeKind === 'custom' && 'problem' in custom ? custom.problem : null;
  const dates = rangeKind === 'custom' ? ('problem' in custom ? null : custom) : presetRange(rangeKind, today());
  // A street admin's street is theirs whatever the link said.
  const shownStreet = viewer?.kind === 'street' ? undefined : streetId;
  const range: DashboardRange | null = dates ? { ...dates, ...(shownStreet ? { streetId: shownStreet } : {}) } : null;

  const allowed = viewer !== undefined && viewer.kind !== 'none';
  const dashboard = useRequest(async () => {
    if (!allowed || !range) return undefined;
    return adminService.dashboard(range);
  }, [allowed, range?.from, range?.to, range?.streetId]);

  const [downloading, setDownloading] = useState<DashboardTable | null>(null);
  const download = async (table: DashboardTable) => {
    if (!range || downloading) return;
    setDownloading(table);
    try {
      await fetchAndSaveExport(() => adminService.exportTable(table, range));
    } finally {
      setDownloading(null);
    }
  };

  const reload = () => {
    if (viewerRequest.error) viewerRequest.reload();
    else dashboard.reload();
  };

  return {
    viewer,
    viewerLoading: viewerRequest.loading,
    viewerError: viewerRequest.error,
    streets,
    rangeKind,
    setRangeKind,
    customMonths,
    setCustomMonths,
    rangeProblem,
    streetId: shownStreet,
    setStreetId,
    range,
    dashboard,
    downloading,
    download,
    reload,
  };
}
