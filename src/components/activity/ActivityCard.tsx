import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import type { ActivitySummary } from '../../../types';
import { ShiftWhen, VBadge } from '../volunteer/ShiftCard';
import { mineText, nearText, placesText } from './activity-state';
import '../volunteer/volunteer.css';
import './activity.css';

/** The cover, or — with none (or one that failed to load) — a block in the type's colour with the type's name. */
export function ActivityCover({ activity: a, large = false }: { activity: Pick<ActivitySummary, 'cover' | 'type' | 'typeLabel' | 'title'>; large?: boolean }) {
  const [broken, setBroken] = useState(false);
  const size = large ? 'acover--large' : '';
  if (a.cover && !broken) {
    return <Image className={`acover ${size}`} src={a.cover.url} mode='aspectFill' nativeProps={{ alt: `${a.title}的封面` }} onError={() => setBroken(true)} />;
  }
  return (
    <View className={`acover acover--block acover--${a.type} ${size}`} aria-hidden>
      <Text className='acover__type'>{a.typeLabel}</Text>
    </View>
  );
}

/** 仅限党员, 本社区 / 本街道 and the type, in words. */
export function ActivityTags({ activity: a }: { activity: Pick<ActivitySummary, 'audience' | 'near' | 'typeLabel'> }) {
  const near = nearText(a.near);
  return (
    <View className='atags'>
      <Text className='atag'>{a.typeLabel}</Text>
      {a.audience === 'members' ? <Text className='atag atag--members'>仅限党员</Text> : null}
      {near ? <Text className='atag atag--near'>{near}</Text> : null}
    </View>
  );
}

/** The caller's place, or the activity's state when it was cancelled. */
export function ActivityBadge({ activity: a }: { activity: Pick<ActivitySummary, 'state' | 'mine'> }) {
  if (a.state === 'cancelled') return <VBadge tone='off'>活动已取消</VBadge>;
  const mine = mineText(a.mine);
  if (!mine || !a.mine) return null;
  return <VBadge tone={a.mine.checkedInAt ? 'done' : a.mine.state === 'confirmed' ? 'ok' : 'waiting'}>{mine}</VBadge>;
}

/** One activity in the feed, the list and 我的活动: a big card that opens the activity. */
export function ActivityCard({ activity: a, onOpen }: { activity: ActivitySummary; onOpen: () => void }) {
  // Places matter until it ends (a past one in 我的活动 shows only what the caller did).
  const places = a.state === 'cancelled' || Date.now() >= Date.parse(a.end) ? null : placesText(a);
  const full = a.taken >= a.capacity;
  return (
    <View className='card acard' role='button' aria-label={`${a.title}，查看活动`} onClick={onOpen}>
      <ActivityCover activity={a} />
      <View className='acard__body'>
        <Text className='acard__title'>{a.title}</Text>
        <ShiftWhen start={a.start} end={a.end} />
        <Text className='vshift-card__line acard__place'>地点：{a.placeName}</Text>
        <ActivityTags activity={a} />
        <View className='acard__foot'>
          {places ? <Text className={`acard__places ${full ? 'acard__places--full' : ''}`}>{places}</Text> : null}
          <ActivityBadge activity={a} />
        </View>
      </View>
    </View>
  );
}
