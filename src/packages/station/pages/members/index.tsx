import { useRef } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { StationMember } from '../../../../../types';
import { dateOf, nearDateTime } from '../../../../../types/date-format';
import { queryValue } from '../../../../components/booking/params';
import { PhoneLink } from '../../../../components/manage/PhoneLink';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { useStationMembers } from '../../../../hooks/useStationMembers';
import { ask, done, tell } from '../../../../services/dialog';
import { routes } from '../../../../services/routes';
import '../../../../components/station/station.css';
import './index.css';

const when = (iso: string): string => nearDateTime(iso, dateOf(Date.now()));

function Person({ m, children }: { m: StationMember; children?: React.ReactNode }) {
  return (
    <View className='card member' data-openid={m.openid}>
      <View className='member__head'>
        <Text className='member__name'>{m.name}</Text>
        {m.isVolunteer ? <Text className='member__tag'>志愿者</Text> : null}
      </View>
      <Text className='member__line'>{m.state === 'pending' ? `申请于 ${when(m.appliedAt)}` : `加入于 ${when(m.decidedAt ?? m.appliedAt)}`}</Text>
      <View className='member__phone'>
        <PhoneLink phone={m.phone} />
      </View>
      {children}
    </View>
  );
}

export default function StationMembersPage() {
  const stationId = queryValue(useRouter().params.stationId);
  const list = useStationMembers(stationId);

  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) list.reload();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    list.reload();
    void Taro.stopPullDownRefresh();
  });

  const decide = async (m: StationMember, approve: boolean) => {
    if (list.busyId) return;
    const confirm = await ask(
      approve
        ? { title: '同意加入？', content: `同意${m.name}加入本站。对方会收到消息。`, confirmText: '同意', cancelText: '再想想' }
        : { title: '不同意加入？', content: `不同意${m.name}的申请。对方会收到消息，以后还可以再申请。`, confirmText: '不同意', cancelText: '再想想', danger: true },
    );
    if (!confirm) return;
    const outcome = await list.decide(m.openid, approve);
    if (outcome.ok) done(approve ? '已同意' : '已告知申请人');
    else void tell('没有办成', outcome.message);
  };

  const { pending, members } = list;
  return (
    <Screen className='station-members'>
      <StateView
        loading={list.loading}
        error={list.error}
        empty={pending.length === 0 && members.length === 0}
        emptyText='还没有人申请加入本站'
        emptyAction={stationId ? { label: '发布通知，邀请居民加入', onTap: () => void Taro.navigateTo({ url: routes.stationPost(stationId) }) } : undefined}
        onRetry={list.reload}
      >
        {pending.length > 0 ? (
          <>
            <Text className='section-title'>待审核的申请（{pending.length}）</Text>
            {pending.map((m) => (
              <Person key={m.openid} m={m}>
                <View className='member__actions'>
                  <Button className={`btn-secondary ${list.busyId ? 'is-disabled' : ''}`} onClick={() => void decide(m, false)}>
                    不同意
                  </Button>
                  <Button className={`btn-primary ${list.busyId ? 'is-disabled' : ''}`} onClick={() => void decide(m, true)}>
                    {list.busyId === m.openid ? '正在处理…' : '同意'}
                  </Button>
                </View>
              </Person>
            ))}
          </>
        ) : (
          <Text className='station-members__none'>没有等待审核的申请。</Text>
        )}
        <Text className='section-title'>本站成员（{members.length}）</Text>
        {members.length === 0 ? (
          <View className='card station-members__empty'>
            <Text>还没有成员。同意申请后，成员会出现在这里。</Text>
          </View>
        ) : (
          members.map((m) => <Person key={m.openid} m={m} />)
        )}
      </StateView>
    </Screen>
  );
}
