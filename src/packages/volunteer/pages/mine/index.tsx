import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { MyShift } from '../../../../../types';
import { clockOf, dateOf } from '../../../../../types/date-format';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { ShiftCard, VBadge } from '../../../../components/volunteer/ShiftCard';
import { useVolunteerMyShifts } from '../../../../hooks/useVolunteer';
import { ask, done, tell } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import { hoursText, volunteerService } from '../../../../services/volunteer';
import '../../../../components/volunteer/volunteer.css';
import './index.css';

const LATE_MS = 2 * 60 * 60 * 1000;

/** 我的服务: upcoming places (取消报名; on the day 签到 / 签退) and past ones with their hours. */
export default function VolunteerMinePage() {
  const [tab, setTab] = useState<'upcoming' | 'past'>('upcoming');
  const list = useVolunteerMyShifts(tab);
  const [busyId, setBusyId] = useState<string | null>(null);
  const shown = useRef(false);
  useDidShow(() => {
    // Back from 签到 / 签退: show what changed.
    if (shown.current) list.reload();
    shown.current = true;
  });

  const cancel = async (s: MyShift) => {
    if (busyId) return;
    const late = s.myState === 'confirmed' && Date.parse(s.start) - Date.now() < LATE_MS;
    const ok = await ask({
      title: s.myState === 'waitlisted' ? '不再候补' : '取消报名',
      content: late
        ? `离开始已不到2小时，现在取消会记一次「临时取消」。\n名额会让给排队的人。确定取消吗？`
        : s.myState === 'waitlisted'
          ? `确定不再排队候补「${s.title}」吗？`
          : `确定取消「${s.title}」吗？名额会让给排队的人。`,
      confirmText: '确定取消',
      cancelText: '不取消',
      danger: late,
    });
    if (!ok) return;
    setBusyId(s.id);
    try {
      const r = await volunteerService.cancel(s.id);
      done(r.late ? '已取消（记一次临时取消）' : '已取消报名');
      list.reload();
    } catch (e) {
      await tell('没有取消', messageFor(e));
    } finally {
      setBusyId(null);
    }
  };

  const now = Date.now();
  const today = dateOf(now);
  const shifts = list.data ?? [];
  return (
    <Screen className='volunteer-mine'>
      <View className='mine__tabs' role='tablist'>
        {(['upcoming', 'past'] as const).map((t) => (
          <View key={t} className={`mine__tab ${tab === t ? 'mine__tab--on' : ''}`} role='tab' aria-selected={tab === t} onClick={() => setTab(t)}>
            <Text>{t === 'upcoming' ? '即将参加' : '已结束'}</Text>
          </View>
        ))}
      </View>
      <StateView
        loading={list.loading}
        error={list.error}
        empty={shifts.length === 0}
        emptyText={tab === 'upcoming' ? '您还没有报名的服务。' : '最近90天没有参加过的服务。'}
        onRetry={list.reload}
        emptyAction={tab === 'upcoming' ? { label: '去找服务', onTap: () => void Taro.navigateTo({ url: routes.volunteerShifts() }) } : undefined}
      >
        {shifts.map((s) => {
          if (tab === 'past') {
            return (
              <ShiftCard key={s.id} shift={s}>
                <View className='vshift-card__foot'>
                  {s.myState === 'cancelled' ? (
                    <VBadge tone='off'>{s.lateCancel ? '已取消（临时取消）' : '已取消'}</VBadge>
                  ) : s.hours > 0 ? (
                    <VBadge tone='done'>记入{hoursText(s.hours)}小时</VBadge>
                  ) : s.checkedInAt && !s.checkedOutAt ? (
                    <VBadge tone='waiting'>已签到，未签退（等站长确认）</VBadge>
                  ) : (
                    <VBadge tone='off'>{s.checkedInAt ? '未记时长' : '未签到'}</VBadge>
                  )}
                </View>
              </ShiftCard>
            );
          }
          const onTheDay = dateOf(s.start) === today || (Date.parse(s.start) <= now && now <= Date.parse(s.end));
          const canCheckIn = s.myState === 'confirmed' && onTheDay && !s.checkedInAt && now <= Date.parse(s.end);
          const canCheckOut = s.myState === 'confirmed' && !!s.checkedInAt && !s.checkedOutAt && now <= Date.parse(s.checkOutClosesAt);
          const canCancel = !s.checkedInAt && now < Date.parse(s.start);
          const busy = busyId === s.id;
          return (
            <ShiftCard key={s.id} shift={s}>
              <View className='vshift-card__foot'>
                {s.myState === 'waitlisted' ? (
                  <VBadge tone='waiting'>{s.position ? `候补第${s.position}位` : '候补中'}</VBadge>
                ) : s.checkedOutAt ? (
                  <VBadge tone='done'>已签退，记入{hoursText(s.hours)}小时</VBadge>
                ) : s.checkedInAt ? (
                  <VBadge tone='done'>已签到 {clockOf(s.checkedInAt)}</VBadge>
                ) : (
                  <VBadge tone='ok'>已报名</VBadge>
                )}
              </View>
              {canCheckIn || canCheckOut || canCancel ? (
                <View className='mine__actions'>
                  {canCheckIn ? (
                    <Button className='btn-primary mine__act' onClick={() => void Taro.navigateTo({ url: routes.shiftCheckIn(s.id, 'in') })}>
                      签到
                    </Button>
                  ) : null}
                  {canCheckOut ? (
                    <Button className='btn-primary mine__act' onClick={() => void Taro.navigateTo({ url: routes.shiftCheckIn(s.id, 'out') })}>
                      签退
                    </Button>
                  ) : null}
                  {canCancel ? (
                    <Button className={`btn-secondary mine__act ${busy ? 'is-disabled' : ''}`} onClick={() => void cancel(s)}>
                      {busy ? '请稍候…' : s.myState === 'waitlisted' ? '不再候补' : '取消报名'}
                    </Button>
                  ) : null}
                </View>
              ) : null}
            </ShiftCard>
          );
        })}
      </StateView>
    </Screen>
  );
}
