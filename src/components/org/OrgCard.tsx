import { Text, View } from '@tarojs/components';
import type { OrgSummary, PartyMode } from '../../../types';
import { ORG_VERIFICATION_LABELS } from '../../../types/org-rules';
import './org.css';

/** How an organization's party work is organized, in short words for a badge. */
export const PARTY_BADGE: Record<PartyMode, string> = { own: '单独建党组织', joint: '联合党组织', none: '未建党组织' };

/** The party-organization badge (words and a mark, never colour alone). */
export function PartyBadge({ mode }: { mode: PartyMode }) {
  return <Text className={`obadge obadge--${mode}`}>{mode === 'none' ? PARTY_BADGE.none : `★ ${PARTY_BADGE[mode]}`}</Text>;
}

/** 待街道核实 (only when it is not yet verified: the usual state says nothing). */
export function VerifyBadge({ verification }: { verification: OrgSummary['verification'] }) {
  return verification === 'verified' ? null : <Text className='obadge obadge--pending'>{ORG_VERIFICATION_LABELS.unverified}</Text>;
}

/** Where it is: 向阳街道 · 北大社区. */
export const placeOf = (o: Pick<OrgSummary, 'streetName' | 'communityName'>): string => (o.communityName ? `${o.streetName} · ${o.communityName}` : o.streetName);

/** One organization of the register: a big card that opens its page. */
export function OrgCard({ org: o, onOpen }: { org: OrgSummary; onOpen: () => void }) {
  return (
    <View className='card ocard' role='button' aria-label={`${o.name}，查看组织`} onClick={onOpen}>
      <Text className='ocard__name'>{o.name}</Text>
      <Text className='ocard__line'>
        {o.kindLabel} · {placeOf(o)}
      </Text>
      {o.services.length > 0 ? <Text className='ocard__line ocard__services'>服务：{o.services.join('、')}</Text> : null}
      <View className='obadges'>
        <PartyBadge mode={o.party.mode} />
        <VerifyBadge verification={o.verification} />
      </View>
    </View>
  );
}
