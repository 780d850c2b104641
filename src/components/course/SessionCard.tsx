import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { Session } from '../../../types';
import { clockOf } from '../../../types/date-format';
import { ShiftWhen, VBadge } from '../volunteer/ShiftCard';
import { placeText } from './session-state';
import '../volunteer/volunteer.css';
import './course.css';

/** A session as a resident sees it: when (Beijing time), where, seats and waiting, and the caller's place in words. */
export function SessionCard({ session: s, showCourse = false, children }: { session: Session; showCourse?: boolean; children?: ReactNode }) {
  const place = placeText(s.mine);
  const left = Math.max(0, s.capacity - s.taken);
  return (
    <View className='card csession'>
      {showCourse ? <Text className='vshift-card__title'>{s.courseTitle}</Text> : null}
      <ShiftWhen start={s.start} end={s.end} />
      <Text className='vshift-card__line'>地点：{s.place}</Text>
      {s.address && s.address !== s.place ? <Text className='vshift-card__line csession__address'>{s.address}</Text> : null}
      {s.state === 'cancelled' ? (
        <View className='csession__foot'>
          <VBadge tone='off'>这场课已取消{s.cancelReason ? `：${s.cancelReason}` : ''}</VBadge>
        </View>
      ) : (
        <View className='csession__foot'>
          <Text className={`csession__seats ${left === 0 ? 'csession__seats--full' : ''}`}>
            {/* One text node per .nowrap: the browser measures each text node of an inline element as a box of its own. */}
            <Text className='nowrap'>{`已报名 ${s.taken}/${s.capacity}`}</Text>
            {left === 0 ? <Text className='nowrap'>（已满）</Text> : null}
            {s.waiting > 0 ? <Text className='nowrap'>{`　候补 ${s.waiting}人`}</Text> : null}
          </Text>
          {place ? (
            <VBadge tone={s.mine?.checkedInAt ? 'done' : s.mine?.state === 'enrolled' ? 'ok' : 'waiting'}>
              {s.mine?.checkedInAt ? `已签到 ${clockOf(s.mine.checkedInAt)}` : place}
            </VBadge>
          ) : null}
        </View>
      )}
      {children}
    </View>
  );
}

/** 仅限党员 / 线上学习 / 线下课 in words (never colour alone). */
export function CourseTags({ membersOnly, hasLesson, offline }: { membersOnly: boolean; hasLesson: boolean; offline?: boolean }) {
  return (
    <View className='course-tags'>
      {membersOnly ? <Text className='course-tag course-tag--members'>仅限党员</Text> : null}
      {hasLesson ? <Text className='course-tag'>线上学习</Text> : null}
      {offline ? <Text className='course-tag'>线下课</Text> : null}
    </View>
  );
}
