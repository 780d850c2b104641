import { useRef } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { StationDetail } from '../../../../../types';
import { shortDateTime } from '../../../../../types/date-format';
import { queryValue } from '../../../../components/booking/params';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { MembershipBadge } from '../../../../components/station/MembershipBadge';
import { ShiftItem } from '../../../../components/station/ShiftItem';
import { useStation } from '../../../../hooks/useStation';
import { ask, done, tell } from '../../../../services/dialog';
import { routes } from '../../../../services/routes';
import '../../../../components/station/station.css';
import './index.css';

/** Applying, waiting, belonging — and the one way forward from each. */
function JoinCard({ station, busy, onJoin, onLeave }: { station: StationDetail; busy: boolean; onJoin: () => void; onLeave: () => void }) {
  const state = station.myState;
  if (state === 'member') {
    return (
      <View className='card station-join station-join--member'>
        <Text className='station-join__state'>您已加入本站</Text>
        <Text className='station-join__text'>站点有服务班次和通知时，都会在这里看到。</Text>
        <Button className={`btn-secondary station-join__btn ${busy ? 'is-disabled' : ''}`} onClick={onLeave}>
          {busy ? '正在处理…' : '退出站点'}
        </Button>
      </View>
    );
  }
  if (state === 'pending') {
    return (
      <View className='card station-join station-join--pending'>
        <Text className='station-join__state'>申请中（等待站长同意）</Text>
        <Text className='station-join__text'>站长同意后，会在「我的消息」里告诉您。</Text>
        <Button className={`btn-secondary station-join__btn ${busy ? 'is-disabled' : ''}`} onClick={onLeave}>
          {busy ? '正在处理…' : '撤回申请'}
        </Button>
      </View>
    );
  }
  return (
    <View className='card station-join'>
      <Text className='station-join__text'>
        {state === 'declined' ? '上次的申请没有通过。如有需要，您可以再申请一次。' : '加入后可以参加本站的志愿服务，及时看到站点通知。'}
      </Text>
      <Button className={`btn-primary station-join__btn station-join__apply ${busy ? 'is-disabled' : ''}`} onClick={onJoin}>
        {busy ? '正在提交…' : '申请加入'}
      </Button>
    </View>
  );
}

export default function StationDetailPage() {
  const stationId = queryValue(useRouter().params.stationId);
  const page = useStation(stationId);
  const station = page.data;

  const shown = useRef(false);
  useDidShow(() => {
    // Back from 成员管理 or 发布通知: show the members and posts as they are now.
    if (shown.current) page.reload();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    page.reload();
    void Taro.stopPullDownRefresh();
  });

  const join = async () => {
    if (page.busy || !station) return;
    const outcome = await page.join();
    if (!outcome.ok) void tell('没有办成', outcome.message);
    else if (outcome.state === 'member') done('您已加入');
    else done('已提交申请');
  };

  const leave = async () => {
    if (page.busy || !station) return;
    const pending = station.myState === 'pending';
    const confirm = await ask(
      pending
        ? { title: '撤回申请？', content: `撤回加入「${station.name}」的申请。以后还可以再申请。`, confirmText: '撤回申请', cancelText: '不撤回' }
        : {
            title: '退出站点？',
            content: `退出「${station.name}」后，就不能报名本站只对成员开放的服务了。以后还可以再申请加入。`,
            confirmText: '退出站点',
            cancelText: '不退出',
            danger: true,
          },
    );
    if (!confirm) return;
    const outcome = await page.leave();
    if (!outcome.ok) void tell('没有办成', outcome.message);
    else done(pending ? '已撤回申请' : '已退出站点');
  };

  const go = (url: string) => void Taro.navigateTo({ url });

  return (
    <Screen className='station-detail'>
      <StateView loading={page.loading} error={page.error} empty={!station} emptyText='没有找到这个红帆站' onRetry={page.reload}>
        {station ? (
          <>
            <View className='card station-info'>
              <View className='station-info__head'>
                <Text className='station-info__name'>{station.name}</Text>
                <MembershipBadge state={station.myState} />
              </View>
              <Text className='station-info__line'>
                {station.streetName}
                {station.communityName ? ` · ${station.communityName}` : ''}
              </Text>
              <Text className='station-info__line'>地址：{station.address}</Text>
              <Text className='station-info__line'>服务时间：{station.hours}</Text>
              <Text className='station-info__line'>站长：{station.managerNames.length > 0 ? station.managerNames.join('、') : '暂未设置'}</Text>
              <Text className='station-info__line'>成员：{station.memberCount}位</Text>
              {station.services.length > 0 ? (
                <>
                  <Text className='station-info__label'>服务项目</Text>
                  <View className='station-tags'>
                    {station.services.map((t) => (
                      <Text key={t} className='station-tag'>
                        {t}
                      </Text>
                    ))}
                  </View>
                </>
              ) : null}
            </View>

            {/* The manager's tools come first: managing is what they open their station for. */}
            {station.managedByMe && stationId ? (
              <View className='card station-tools'>
                <Text className='station-tools__title'>站长工具</Text>
                <Button className='btn-primary station-tools__btn' onClick={() => go(routes.stationMembers(stationId))}>
                  成员管理
                </Button>
                <Button className='btn-secondary station-tools__btn' onClick={() => go(routes.stationPost(stationId))}>
                  发布通知
                </Button>
                <Button className='btn-secondary station-tools__btn' onClick={() => go(routes.stewardShifts(stationId))}>
                  服务班次
                </Button>
              </View>
            ) : null}

            <JoinCard station={station} busy={page.busy} onJoin={() => void join()} onLeave={() => void leave()} />


            <Text className='section-title'>近期服务班次</Text>
            {station.shifts.length === 0 ? (
              <View className='card station-detail__none'>
                <Text>近期还没有服务班次，站长安排后会显示在这里。</Text>
              </View>
            ) : (
              station.shifts.map((s) => <ShiftItem key={s.id} shift={s} />)
            )}

            <Text className='section-title'>站点通知</Text>
            {station.posts.length === 0 ? (
              <View className='card station-detail__none'>
                <Text>还没有站点通知。</Text>
              </View>
            ) : (
              station.posts.map((p) => (
                <View key={p.id} className='card station-post'>
                  <Text className='station-post__title'>{p.title}</Text>
                  <Text className='station-post__meta'>
                    {p.authorName} · {shortDateTime(p.createdAt)}
                  </Text>
                  <Text className='station-post__body'>{p.body}</Text>
                </View>
              ))
            )}
          </>
        ) : null}
      </StateView>
      {page.error ? (
        <Button className='btn-secondary station-detail__others' onClick={() => void Taro.switchTab({ url: '/pages/stations/index' })}>
          看看其他红帆站
        </Button>
      ) : null}
    </Screen>
  );
}
