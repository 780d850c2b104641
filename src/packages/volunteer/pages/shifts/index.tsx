import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import type { ShiftSummary } from '../../../../../types';
import { whenText } from '../../../../../types/date-format';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { queryValue } from '../../../../components/booking/params';
import { ShiftCard, VBadge } from '../../../../components/volunteer/ShiftCard';
import { useRequest } from '../../../../hooks/useRequest';
import { CallError } from '../../../../services/client';
import { ask, done, tell } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import { volunteerService } from '../../../../services/volunteer';
import '../../../../components/volunteer/volunteer.css';
import './index.css';

/** The caller's registration, then (when registered) the shifts they may sign up for. */
async function load(stationId?: string): Promise<{ registered: boolean; shifts: ShiftSummary[]; waiting: Record<string, number> }> {
  const me = await volunteerService.me();
  if (!me.registered) return { registered: false, shifts: [], waiting: {} };
  const shifts = await volunteerService.shifts(stationId);
  const waiting: Record<string, number> = {};
  if (shifts.some((s) => s.myState === 'waitlisted')) {
    // Where the person stands in each queue is on their own places.
    for (const m of await volunteerService.myShifts('upcoming')) if (m.myState === 'waitlisted' && m.position) waiting[m.id] = m.position;
  }
  return { registered: true, shifts, waiting };
}

/** 找服务: upcoming shifts with 剩N个名额 / 已满; 报名 (confirmed) → 已报名, 排队候补 → 候补第N位. */
export default function VolunteerShiftsPage() {
  const { params } = useRouter();
  const stationId = queryValue(params.stationId);
  const list = useRequest(() => load(stationId), [stationId]);
  // Waitlist places learnt from signUp (the list says only that the person waits).
  const [positions, setPositions] = useState<Record<string, number>>({});
  const [busyId, setBusyId] = useState<string | null>(null);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) list.reload();
    shown.current = true;
  });

  const signUp = async (shift: ShiftSummary, wait: boolean) => {
    if (busyId) return;
    const ok = await ask({
      title: wait ? '排队候补' : '报名参加',
      content: wait
        ? `「${shift.title}」名额已满。排队候补后，有人退出时会按顺序给您名额，并发消息告诉您。`
        : `「${shift.title}」\n${whenText(shift.start, shift.end)}\n地点：${shift.place}\n报名后请按时到场；去不了请在开始前2小时取消。`,
      confirmText: wait ? '排队候补' : '确认报名',
      cancelText: '再想想',
    });
    if (!ok) return;
    setBusyId(shift.id);
    try {
      const r = await volunteerService.signUp(shift.id, wait);
      if (r.state === 'waitlisted') {
        setPositions((p) => ({ ...p, [shift.id]: r.position ?? 0 }));
        done(r.position ? `已排队，候补第${r.position}位` : '已排队候补');
      } else {
        done('报名成功');
      }
      list.reload();
    } catch (e) {
      if (!wait && e instanceof CallError && e.code === 'SHIFT.FULL') {
        list.reload();
        setBusyId(null);
        const queue = await ask({
          title: '名额刚刚满了',
          content: '这个班次的名额刚被别人报满了。要排队候补吗？有人退出时会按顺序给您名额。',
          confirmText: '排队候补',
          cancelText: '不用了',
        });
        if (queue) {
          try {
            const r = await volunteerService.signUp(shift.id, true);
            setPositions((p) => ({ ...p, [shift.id]: r.position ?? 0 }));
            done(r.position ? `已排队，候补第${r.position}位` : '已排队候补');
            list.reload();
          } catch (e2) {
            await tell('没有排上', messageFor(e2));
          }
        }
        return;
      }
      await tell(wait ? '没有排上' : '没有报上', messageFor(e));
    } finally {
      setBusyId(null);
    }
  };

  const data = list.data;
  if (data && !data.registered) {
    return (
      <Screen className='volunteer-shifts'>
        <View className='card'>
          <Text className='section-title'>先注册成为志愿者</Text>
          <Text className='v-note'>注册后就能报名各个红帆站的志愿服务，服务时长会记在您名下。</Text>
          <Button className='btn-primary v-main' onClick={() => void Taro.navigateTo({ url: routes.volunteerRegister })}>
            注册成为志愿者
          </Button>
        </View>
      </Screen>
    );
  }

  const shifts = data?.shifts ?? [];
  return (
    <Screen className='volunteer-shifts'>
      <View className='shifts__top'>
        <Text className='shifts__lead'>{stationId && shifts[0] ? `${shifts[0].stationName}的服务` : '可以报名的服务'}</Text>
        <Button className='btn-secondary shifts__mine' onClick={() => void Taro.navigateTo({ url: routes.myShifts })}>
          我的服务
        </Button>
      </View>
      <StateView
        loading={list.loading}
        error={list.error}
        empty={shifts.length === 0}
        emptyText={stationId ? '这个站点近期没有可以报名的服务。' : '近期没有可以报名的服务，过几天再来看看。'}
        onRetry={list.reload}
        emptyAction={stationId ? { label: '看看所有站点的服务', onTap: () => void Taro.redirectTo({ url: routes.volunteerShifts() }) } : undefined}
      >
        {shifts.map((s) => {
          const left = Math.max(0, s.capacity - s.taken);
          const full = left === 0;
          const busy = busyId === s.id;
          return (
            <ShiftCard key={s.id} shift={s}>
              <View className='vshift-card__foot'>
                <Text className={`vshift-card__left ${full ? 'vshift-card__left--full' : ''}`}>
                  {full ? `已满${s.waiting > 0 ? `（${s.waiting}人候补）` : ''}` : `剩${left}个名额`}
                </Text>
                {s.myState === 'confirmed' ? <VBadge tone='ok'>已报名</VBadge> : null}
                {s.myState === 'waitlisted' ? <VBadge tone='waiting'>{(positions[s.id] ?? data?.waiting[s.id]) ? `候补第${positions[s.id] ?? data?.waiting[s.id]}位` : '候补中'}</VBadge> : null}
                {s.myState === 'none' || s.myState === 'cancelled' ? (
                  <Button className={`${full ? 'btn-secondary' : 'btn-primary'} shifts__act ${busy ? 'is-disabled' : ''}`} onClick={() => void signUp(s, full)}>
                    {busy ? '请稍候…' : full ? '排队候补' : '报名'}
                  </Button>
                ) : null}
              </View>
            </ShiftCard>
          );
        })}
      </StateView>
    </Screen>
  );
}
