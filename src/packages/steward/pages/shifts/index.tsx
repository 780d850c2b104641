import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { ShiftCard } from '../../../../components/steward/ShiftCard';
import { StationChooser, StationPicker } from '../../../../components/steward/StationPicker';
import { dateOf, phoneNow, phoneToday } from '../../../../components/steward/format';
import { groupShifts, useStewardShifts } from '../../../../hooks/useStewardShifts';
import { routes } from '../../../../services/routes';
import type { ManagedShift } from '../../../../services/steward';
import '../../../../components/steward/steward.css';

export default function StewardShiftsPage() {
  const { params } = useRouter();
  const page = useStewardShifts(params.stationId || undefined);
  const [choosing, setChoosing] = useState(false);
  const stations = page.stations.data ?? [];
  const several = stations.length > 1;

  const shown = useRef(false);
  useDidShow(() => {
    // Back from 发布班次 or the roster: show what changed; the first show already loads.
    if (shown.current) page.reload();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    page.reload();
    void Taro.stopPullDownRefresh();
  });

  const go = (url: string) => void Taro.navigateTo({ url });
  const publish = () => {
    const target = page.stationId ?? (several ? undefined : stations[0]?.id);
    if (target) go(routes.stewardNewShift(target));
    else setChoosing(true);
  };

  // The station whose hours the 时长合计 button opens: the one shown, or my only one.
  const totalsStation = page.stationId ?? (several ? undefined : stations[0]?.id);
  const now = phoneNow();
  const today = phoneToday();
  const groups = groupShifts(page.shifts.data ?? [], now, today, dateOf);
  const section = (title: string, list: ManagedShift[], ended: boolean, emptyText: string) => (
    <View className='steward-section'>
      <Text className='section-title'>
        {title}（{list.length}）
      </Text>
      {list.length === 0 ? <Text className='steward-none'>{emptyText}</Text> : null}
      {list.map((s) => (
        <ShiftCard
          key={s.id}
          shift={s}
          today={today}
          withStation={several && !page.stationId}
          ended={ended}
          onRoster={() => go(routes.stewardRoster(s.id))}
          onCode={() => go(routes.stewardCode(s.id))}
        />
      ))}
    </View>
  );

  return (
    <Screen className='steward-shifts'>
      <StateView
        loading={page.stations.loading}
        error={page.stations.error}
        empty={stations.length === 0}
        emptyText='您还没有可以管理的红帆站。如果您是站长，请联系街道工作人员开通。'
        emptyAction={{ label: '回到「我的」', onTap: () => void Taro.switchTab({ url: '/pages/me/index' }) }}
        onRetry={page.reload}
      >
        <StationPicker stations={stations} selectedId={page.stationId} onSelect={page.select} />
        {choosing ? (
          <StationChooser
            stations={stations}
            onChoose={(id) => {
              setChoosing(false);
              go(routes.stewardNewShift(id));
            }}
            onClose={() => setChoosing(false)}
          />
        ) : (
          <Button className='btn-primary steward-main' onClick={publish}>
            ＋ 发布班次
          </Button>
        )}
        {totalsStation ? (
          <Button className='btn-secondary steward-totals' onClick={() => go(routes.stewardGrant(totalsStation))}>
            时长合计与登记
          </Button>
        ) : null}
        <StateView
          loading={page.shifts.loading}
          error={page.shifts.error}
          empty={(page.shifts.data ?? []).length === 0}
          emptyText='还没有服务班次。点上面的「发布班次」，志愿者就能报名了。'
          onRetry={page.shifts.reload}
        >
          {section('今天', groups.today, false, '今天没有班次')}
          {section('以后', groups.later, false, '以后还没有班次')}
          {section('已结束', groups.ended, true, '最近7天没有结束的班次')}
        </StateView>
      </StateView>
    </Screen>
  );
}
