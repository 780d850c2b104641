import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { ActivitySummary } from '../../../types';
import { ShiftWhen, VBadge } from '../volunteer/ShiftCard';
import '../volunteer/volunteer.css';
import './organizer.css';

/** 已报名 8/12，候补 2 — the counts an organiser watches, each run unbroken. */
export function countsText(a: Pick<ActivitySummary, 'taken' | 'capacity' | 'waiting'>): string[] {
  const runs = [`已报名 ${a.taken}/${a.capacity}`];
  if (a.taken >= a.capacity) runs.push('（已满）');
  if (a.waiting > 0) runs.push(`，候补 ${a.waiting}`);
  return runs;
}

/** An activity in 活动管理: what, when, where, who may come, the counts or why it was cancelled; `children` the buttons. */
export function OrganizerCard({ activity: a, showBranch, children }: { activity: ActivitySummary; showBranch: boolean; children?: ReactNode }) {
  return (
    <View className='card ocard' role='group' aria-label={a.title}>
      <Text className='ocard__title'>{a.title}</Text>
      {showBranch ? <Text className='vshift-card__line'>{a.branchName}</Text> : null}
      <ShiftWhen start={a.start} end={a.end} />
      <Text className='vshift-card__line'>地点：{a.placeName}</Text>
      <View className='otags'>
        <Text className='otag'>{a.typeLabel}</Text>
        <Text className={`otag ${a.audience === 'members' ? 'otag--members' : ''}`}>{a.audience === 'members' ? '仅本支部党员' : '公开'}</Text>
        {a.cover?.state === 'checking' ? <Text className='otag otag--checking'>封面审核中</Text> : null}
      </View>
      {a.state === 'cancelled' ? (
        <View className='ocard__foot'>
          <VBadge tone='off'>已取消{a.cancelReason ? `：${a.cancelReason}` : ''}</VBadge>
        </View>
      ) : (
        <View className='ocard__foot'>
          <Text className={`ocard__counts ${a.taken >= a.capacity ? 'ocard__counts--full' : ''}`}>
            {countsText(a).map((run) => (
              <Text key={run} className='nowrap'>
                {run}
              </Text>
            ))}
          </Text>
          {a.state === 'draft' ? <VBadge tone='waiting'>草稿，居民还看不到</VBadge> : null}
        </View>
      )}
      {children}
    </View>
  );
}
