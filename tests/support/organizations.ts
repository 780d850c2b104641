import { Collections } from '../../cloudfunctions/_shared/collections';
import { database } from '../../cloudfunctions/_shared/db';
import { getDoc } from '../../cloudfunctions/_shared/tx';

/**
 * Makes `openid` a leader or member of an organization, so they may book in its name. Membership is kept on the
 * person's user document (`orgs`, see OrgMembership in cloudfunctions/venue/booking.repository.ts); a person with no
 * user document yet gets one holding only that.
 */
export async function joinOrganization(openid: string, orgId: string, role: 'leader' | 'member' = 'member'): Promise<void> {
  const db = database();
  const user = await getDoc<{ orgs?: Array<{ orgId: string; role: string }> }>(db, Collections.users, openid);
  const orgs = [...(user?.orgs ?? []).filter((m) => m.orgId !== orgId), { orgId, role }];
  if (user) await db.collection(Collections.users).doc(openid).update({ orgs });
  else await db.collection(Collections.users).doc(openid).set({ orgs });
}
