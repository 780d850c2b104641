import { useEffect, useState } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { useAreas } from '../../../../hooks/useAreas';
import { useVolunteerLeaderboard } from '../../../../hooks/useVolunteer';
import { messageFor } from '../../../../services/messages';
import { volunteerService, hoursText } from '../../../../services/volunteer';
import '../../../../components/volunteer/volunteer.css';
import './index.css';

/** '2026-12' → '2026年12月'. */
const monthText = (month: string): string => month.replace(/^(\d{4})-(\d{2})$/, (_, y: string, m: string) => `${y}年${Number(m)}月`);

/** 服务排行榜: this month's hours, district-wide or in one street; a volunteer may hide their name. */
export default function VolunteerLeaderboardPage() {
  const areas = useAreas();
  const [streetId, setStreetId] = useState<string | undefined>(undefined);
  const board = useVolunteerLeaderboard(streetId);
  // The caller's choice to appear by name (only volunteers have one).
  const [show, setShow] = useState<boolean | null>(null);
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    volunteerService.me().then(
      (me) => setShow(me.registered ? me.showOnLeaderboard : null),
      () => setShow(null),
    );
  }, []);

  const streets = areas.data ?? [];
  const names = ['全区', ...streets.map((s) => s.name)];
  const index = streetId ? streets.findIndex((s) => s.id === streetId) + 1 : 0;

  const toggle = async () => {
    if (show === null || saving) return;
    setSaving(true);
    setNote(null);
    try {
      const me = await volunteerService.setPreferences(!show);
      setShow(me.showOnLeaderboard);
      board.reload();
    } catch (e) {
      setNote(messageFor(e));
    } finally {
      setSaving(false);
    }
  };

  const data = board.data;
  const entries = data?.entries ?? [];
  return (
    <Screen className='volunteer-leaderboard'>
      <View className='board__head'>
        <Text className='board__month'>{data ? monthText(data.month) : '本月'}服务时长排行</Text>
        <Picker mode='selector' range={names} value={index} onChange={(e) => setStreetId(Number(e.detail.value) === 0 ? undefined : streets[Number(e.detail.value) - 1]?.id)}>
          <View className='board__pick' role='button' aria-label={`范围：${names[index] ?? '全区'}，点一下换街道`}>
            <Text>范围：{names[index] ?? '全区'}</Text>
            <Text className='board__pick-more'>换街道 ›</Text>
          </View>
        </Picker>
      </View>
      {show !== null ? (
        <View
          className={`card board__switch ${saving ? 'state__stale' : ''}`}
          role='switch'
          aria-checked={!show}
          aria-label='不在排行榜显示我的名字'
          onClick={() => void toggle()}
        >
          <View className='board__switch-body'>
            <Text className='board__switch-title'>不在排行榜显示我的名字</Text>
            <Text className='v-note'>{show ? '现在：显示您的名字' : '现在：显示为「匿名志愿者」'}</Text>
          </View>
          <Text className={`v-badge ${show ? 'v-badge--off' : 'v-badge--ok'}`}>{show ? '未开启' : '已开启'}</Text>
        </View>
      ) : null}
      {note ? (
        <View className='v-error' role='alert'>
          <Text>{note}</Text>
        </View>
      ) : null}
      <StateView loading={board.loading} error={board.error} empty={entries.length === 0} emptyText='这个月还没有人记上服务时长。' onRetry={board.reload}>
        <View className='card board__list'>
          {entries.map((e) => (
            <View key={`${e.rank}-${e.name}`} className={`board__row ${e.me ? 'board__row--me' : ''}`}>
              <Text className='board__rank'>第{e.rank}名</Text>
              <View className='board__who'>
                <Text className='board__name'>
                  {e.name}
                  {e.me ? '（我）' : ''}
                </Text>
                {e.streetName ? <Text className='v-note'>{e.streetName}</Text> : null}
              </View>
              <Text className='board__hours'>{hoursText(e.hours)}小时</Text>
            </View>
          ))}
        </View>
      </StateView>
    </Screen>
  );
}
