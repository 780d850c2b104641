import { useRef } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { RosterEntry } from '../../../../../types';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { PhoneLink } from '../../../../components/manage/PhoneLink';
import { phoneToday, rosterStatus, shiftDay, timeRange } from '../../../../components/steward/format';
import { useStewardRoster } from '../../../../hooks/useStewardRoster';
import { routes } from '../../../../services/routes';
import '../../../../components/steward/steward.css';

export default function StewardRosterPage() {
  const { params } = useRouter();
  const shiftId = params.shiftId || undefined;
  const roster = useStewardRoster(shiftId);
  const shown = useRef(false);
  useDidShow(() => {
    // Back from 登记时长 or the code screen: show the latest check-ins.
    if (shown.current) roster.reload();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    roster.reload();
    void Taro.stopPullDownRefresh();
  });

  const data = roster.data;
  const shift = data?.shift;
  const entries = data?.entries ?? [];
  const confirmed = entries.filter((e) => e.state === 'confirmed');
  const waiting = entries.filter((e) => e.state === 'waitlisted').sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const go = (url: string) => void Taro.navigateTo({ url });
  const checkedIn = confirmed.filter((e) => e.checkedInAt !== null).length;
  const ended = shift ? Date.parse(shift.end) <= Date.now() : false;

  const row = (e: RosterEntry) => {
    const statusTone = e.checkedOutAt ? '' : e.checkedInAt ? 'roster-row__status--in' : 'roster-row__status--none';
    return (
      <View key={e.openid} className='card roster-row' data-openid={e.openid}>
        <View className='roster-row__top'>
          <Text className='roster-row__name'>{e.name}</Text>
          <PhoneLink phone={e.phone} />
        </View>
        <Text className={`roster-row__status ${statusTone}`}>{rosterStatus(e)}</Text>
        {e.needsConfirmation ? <Text className='roster-row__alert'>⚠ 签到后没有签退，请确认后记入时长</Text> : null}
        {shift ? (
          <View className='roster-row__actions'>
            {e.needsConfirmation ? (
              <Button
                className={`btn-primary roster-row__action ${roster.busy === e.openid ? 'is-disabled' : ''}`}
                onClick={() => void roster.confirmCheckOut(e)}
              >
                确认签退
              </Button>
            ) : null}
            {e.state === 'confirmed' ? (
              <Button className='btn-secondary roster-row__action' onClick={() => go(routes.stewardGrant(shift.stationId, e.openid))}>
                登记时长
              </Button>
            ) : null}
          </View>
        ) : null}
      </View>
    );
  };

  return (
    <Screen className='steward-roster'>
      <StateView loading={roster.loading} error={roster.error} empty={!shift} emptyText='没有找到这个班次' onRetry={roster.reload}>
        {shift ? (
          <View>
            <View className='card roster-head'>
              <Text className='roster-head__title'>{shift.title}</Text>
              <Text className='roster-head__line'>
                {shiftDay(shift.start, phoneToday())} <Text className='nowrap'>{timeRange(shift.start, shift.end)}</Text>
              </Text>
              <Text className='roster-head__line muted'>
                {shift.stationName} · {shift.place}
              </Text>
              <View className='roster-head__counts'>
                <Text className='roster-head__count'>
                  已报名 {confirmed.length}/{shift.capacity}人
                </Text>
                <Text className='roster-head__count'> · 已签到 {checkedIn}人</Text>
                <Text className='roster-head__count'> · 候补 {waiting.length}人</Text>
              </View>
            </View>
            {!ended && shift.state === 'open' ? (
              <Button className='btn-primary steward-main' onClick={() => go(routes.stewardCode(shift.id))}>
                打开签到码
              </Button>
            ) : null}

            <Text className='section-title'>已报名（{confirmed.length}人）</Text>
            {confirmed.length === 0 ? <Text className='steward-none'>还没有人报名</Text> : confirmed.map(row)}

            <Text className='section-title'>候补（{waiting.length}人）</Text>
            {waiting.length === 0 ? <Text className='steward-none'>没有人在候补</Text> : waiting.map(row)}
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
