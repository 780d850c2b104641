import type { ActivityDetail, ActivitySummary } from '../../types';
import { ACTIVITY_CHECKIN_BEFORE_MS, ACTIVITY_TYPE_LABELS } from '../../types/activity';
import { toBeijingIso } from '../../types/beijing-time';
import type { Caller } from '../_shared/caller';
import { fileStore, type FileStore } from '../_shared/files';
import type { ActivityDoc, ActivitySignupDoc } from './activity.docs';

/** Who is looking: where they live orders the feed (their community first, then their street). */
export interface Viewer {
  openid: string;
  streetId: string | null;
  communityId: string | null;
}

export type Counts = { taken: number; waiting: number };

/** The caller as a viewer: where they live (one read of their user document, shared with their roles). */
export async function viewerOf(caller: Caller): Promise<Viewer> {
  const user = await caller.user();
  return { openid: caller.openid, streetId: user?.streetId ?? null, communityId: user?.communityId ?? null };
}

/** What a page shows a stored cover with: the file store's URL (the file id itself when no store is configured). */
export function coverUrlOf(deps: { files?: FileStore }): (fileId: string) => string {
  try {
    const files = fileStore(deps);
    return (fileId) => files.url(fileId);
  } catch {
    return (fileId) => fileId;
  }
}

const ms = (d: Date | string): number => new Date(d).getTime();
const iso = (d: Date | string | null | undefined): string | null => (d === null || d === undefined ? null : toBeijingIso(ms(d)));

export function nearOf(doc: Pick<ActivityDoc, 'streetId' | 'communityId'>, viewer: Viewer | null): ActivitySummary['near'] {
  if (viewer?.communityId && doc.communityId === viewer.communityId) return 'community';
  if (viewer?.streetId && doc.streetId === viewer.streetId) return 'street';
  return 'district';
}

/** The caller's place as views show it; `position` (1-based) for a waiting place when known. */
export function mineOf(s: ActivitySignupDoc | null | undefined, position: number | null = null): ActivitySummary['mine'] {
  if (!s || s.state === 'cancelled') return null;
  if (s.state === 'confirmed') return { state: 'confirmed', position: null, checkedInAt: iso(s.checkedInAt) };
  return { state: 'waitlisted', position, checkedInAt: null };
}

export interface ViewOptions {
  viewer: Viewer | null;
  /** The URL a page shows a stored file with (FileStore.url). */
  coverUrl: (fileId: string) => string;
  /** The viewer organises it: sees a cover still being checked, and the organiser's fields. */
  organizer: boolean;
}

/** THE activity summary (feed, lists, sign-up answers). A cover still being checked is shown to its organiser only. */
export function toSummary(d: ActivityDoc, counts: Counts, mine: ActivitySummary['mine'], o: ViewOptions): ActivitySummary {
  const cover =
    d.coverFileId && d.coverState === 'ok'
      ? { url: o.coverUrl(d.coverFileId), state: 'ok' as const }
      : d.coverFileId && d.coverState === 'checking' && o.organizer
        ? { url: o.coverUrl(d.coverFileId), state: 'checking' as const }
        : null;
  return {
    id: d._id,
    title: d.title,
    type: d.type,
    typeLabel: ACTIVITY_TYPE_LABELS[d.type],
    cover,
    branchId: d.branchId,
    branchName: d.branchName,
    start: toBeijingIso(ms(d.start)),
    end: toBeijingIso(ms(d.end)),
    signUpDeadline: toBeijingIso(ms(d.signUpDeadline)),
    placeName: d.placeName,
    address: d.address,
    venueId: d.venueId,
    streetName: d.streetName,
    communityName: d.communityName,
    audience: d.audience,
    capacity: d.capacity,
    taken: counts.taken,
    waiting: counts.waiting,
    state: d.state,
    cancelReason: d.cancelReason,
    near: nearOf(d, o.viewer),
    mine,
  };
}

/** THE activity detail (get, and the organiser's create/update/publish/cancelActivity answers). */
export function toDetail(
  d: ActivityDoc,
  counts: Counts,
  mine: ActivitySummary['mine'],
  o: ViewOptions & { canSignUp: boolean; reason: { code: string; message: string } | null },
): ActivityDetail {
  const start = ms(d.start);
  return {
    ...toSummary(d, counts, mine, o),
    description: d.description,
    lat: d.lat,
    lng: d.lng,
    communityId: d.communityId,
    canSignUp: o.canSignUp,
    reason: o.reason,
    organizer: o.organizer,
    coverFileId: o.organizer ? d.coverImageId : null,
    coverRejected: o.organizer && d.coverState === 'rejected',
    freeCancelUntil: toBeijingIso(start),
    checkInOpensAt: toBeijingIso(start - ACTIVITY_CHECKIN_BEFORE_MS),
    checkInClosesAt: toBeijingIso(ms(d.end)),
  };
}
