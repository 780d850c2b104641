import { useEffect, useRef, useState } from 'react';
import type { OrgDetail, OrgSummary, RoleGrant } from '../../types';
import { CallError } from '../services/client';
import { messageFor } from '../services/messages';
import { orgService, type OrgFilter } from '../services/org';
import { useMe } from './useMe';
import { useRequest } from './useRequest';

/** How many organizations one page of the register brings (加载更多 asks for the next). */
export const ORG_PAGE = 20;

export type OrgListFilter = Omit<OrgFilter, 'offset' | 'limit'>;

export interface OrgList {
  items: OrgSummary[];
  total: number;
  loading: boolean;
  error: string | null;
  reload: () => void;
  /** More than shown: 加载更多 brings the next page. */
  more: boolean;
  loadingMore: boolean;
  moreError: string | null;
  loadMore: () => void;
}

/**
 * The register, filtered, page by page: a new filter starts again from the first page; 加载更多 appends the next one
 * (an answer for an older filter is dropped).
 */
export function useOrgList(filter: OrgListFilter): OrgList {
  const key = JSON.stringify(filter);
  const first = useRequest(() => orgService.list({ ...filter, limit: ORG_PAGE }), [key]);
  const [extra, setExtra] = useState<OrgSummary[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    seq.current += 1;
    setExtra([]);
    setLoadingMore(false);
    setMoreError(null);
  }, [key, first.data]);

  const items = [...(first.data?.items ?? []), ...extra];
  const total = first.data?.total ?? 0;
  const loadMore = () => {
    if (loadingMore || items.length >= total) return;
    const mine = ++seq.current;
    setLoadingMore(true);
    setMoreError(null);
    orgService.list({ ...filter, offset: items.length, limit: ORG_PAGE }).then(
      (page) => {
        if (mine !== seq.current) return;
        setExtra((x) => [...x, ...page.items]);
        setLoadingMore(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setMoreError(messageFor(e));
        setLoadingMore(false);
      },
    );
  };
  return { items, total, loading: first.loading, error: first.error, reload: first.reload, more: items.length < total, loadingMore, moreError, loadMore };
}

/** One organization's page; null when there is none. */
export const useOrg = (orgId: string) =>
  useRequest<OrgDetail | null>(async () => {
    if (!orgId) return null;
    try {
      return await orgService.get(orgId);
    } catch (e) {
      if (e instanceof CallError && e.code === 'ORG.NOT_FOUND') return null;
      throw e;
    }
  }, [orgId]);

/** Party organizations of a street (or the whole district). */
export const usePartyOrgs = (streetId?: string) => useRequest(() => orgService.partyOrgs(streetId), [streetId]);

/** What the caller administers: every street, one street, or nothing. */
export type OrgAdmin = { all: true } | { all: false; streetId: string } | null;

/** The same rule as cloudfunctions/_shared/admin-scope.ts adminScopeOf, on the caller's own grants (for what to offer). */
export function adminOf(roles: RoleGrant[] | undefined): OrgAdmin {
  if (!roles) return null;
  if (roles.some((g) => g.role === 'district_admin')) return { all: true };
  const streetId = roles.find((g) => g.role === 'street_admin')?.scope?.streetId;
  return streetId ? { all: false, streetId } : null;
}

/** The caller's admin scope (null while loading, or when they are no admin). */
export function useOrgAdmin(): OrgAdmin {
  const me = useMe();
  return adminOf(me.data?.roles);
}
