import { useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { PointsEntry } from '../../../../../types';
import { dateOf, monthDayText } from '../../../../../types/date-format';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { useBranchRanking, useMyPoints } from '../../../../hooks/useLearning';
import { useMe } from '../../../../hooks/useMe';
import '../../learning.css';
import './index.css';

const SOURCE_LABELS: Record<PointsEntry['sourceType'], string> = { course_lesson: '线上学习', course_session: '线下上课', activity_attendance: '参加活动' };
/** Roles that have a branch, and so a branch ranking. */
const BRANCH_ROLES = ['party_member', 'branch_secretary'];

/** '2026-12' → '2026年12月'. */
const monthText = (month: string): string => month.replace(/^(\d{4})-(\d{2})$/, (_, y: string, m: string) => `${y}年${Number(m)}月`);
/** '2026-01', -1 → '2025-12'. */
function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = y * 12 + (m - 1) + by;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}
/** How far back the ranking can be browsed. */
const MONTHS_BACK = 11;

/**
 * 我的积分 (红色积分): the total and this month's points, every entry (what it was for, when, how many — and, when the
 * day's cap for that kind of activity cut it, that it was cut), and for party members their branch's monthly ranking
 * (names masked by the server, the caller's own row marked in words) with a month switcher.
 */
export default function MyPointsPage() {
  const points = useMyPoints();
  const me = useMe();
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) points.reload();
    shown.current = true;
  });
  const data = points.data;
  const inBranch = me.data?.roles.some((r) => BRANCH_ROLES.includes(r.role)) ?? false;
  const [month, setMonth] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (data && !month) setMonth(data.month);
  }, [data, month]);
  const ranking = useBranchRanking(month, inBranch);
  const thisMonth = data?.month;
  const oldest = thisMonth ? shiftMonth(thisMonth, -MONTHS_BACK) : undefined;
  const rows = ranking.data?.entries ?? [];

  return (
    <Screen className='points'>
      <StateView loading={points.loading} error={points.error} empty={!data} emptyText='' onRetry={points.reload}>
        {data ? (
          <View>
            <View className='card points__sum'>
              <View className='points__sum-part'>
                <Text className='points__label'>红色积分 累计</Text>
                <Text className='points__big'>
                  {data.total}
                  <Text className='points__unit'>分</Text>
                </Text>
              </View>
              <View className='points__sum-part points__sum-part--month'>
                <Text className='points__label'>本月（{Number(data.month.slice(5))}月）</Text>
                <Text className='points__mid'>
                  {data.thisMonth}
                  <Text className='points__unit'>分</Text>
                </Text>
              </View>
            </View>
            <Text className='points__how muted'>学完线上课程并通过测验、参加线下课程签到，都能得到红色积分。同一类活动每天有积分上限。</Text>

            {inBranch && month ? (
              <View className='card points__board'>
                <Text className='section-title'>支部积分排行</Text>
                <View className='points__months'>
                  <Button
                    className={`btn-secondary points__month-btn ${oldest && month <= oldest ? 'is-disabled' : ''}`}
                    ariaLabel='看上个月'
                    onClick={() => oldest && month > oldest && setMonth(shiftMonth(month, -1))}
                  >
                    ‹ 上个月
                  </Button>
                  <Text className='points__month'>{monthText(month)}</Text>
                  <Button
                    className={`btn-secondary points__month-btn ${thisMonth && month >= thisMonth ? 'is-disabled' : ''}`}
                    ariaLabel='看下个月'
                    onClick={() => thisMonth && month < thisMonth && setMonth(shiftMonth(month, 1))}
                  >
                    下个月 ›
                  </Button>
                </View>
                <StateView loading={ranking.loading} error={ranking.error} empty={rows.length === 0} emptyText='这个月支部里还没有人得到积分。' onRetry={ranking.reload}>
                  <View>
                    {rows.map((r) => (
                      <View key={`${r.rank}-${r.name}`} className={`points__rank-row ${r.me ? 'points__rank-row--me' : ''}`}>
                        <Text className='points__rank'>第{r.rank}名</Text>
                        <Text className='points__rank-name'>
                          {r.name}
                          {r.me ? <Text className='points__me'>（我）</Text> : null}
                        </Text>
                        <Text className='points__rank-points'>{r.points}分</Text>
                      </View>
                    ))}
                    <Text className='points__how muted'>为保护大家的隐私，名字只显示一部分。</Text>
                  </View>
                </StateView>
              </View>
            ) : null}

            <Text className='section-title'>积分记录</Text>
            {data.entries.length === 0 ? (
              <View className='card'>
                <Text className='points__empty'>还没有积分记录。学一门线上课程并通过测验，积分就会记在这里。</Text>
              </View>
            ) : (
              data.entries.map((e) => (
                <View key={e.id} className='card points__entry'>
                  <View className='points__entry-head'>
                    <Text className='learn-badge learn-badge--off'>{SOURCE_LABELS[e.sourceType] ?? '其他'}</Text>
                    <Text className='points__entry-points'>
                      {e.points > 0 ? '+' : ''}
                      {e.points}分
                    </Text>
                  </View>
                  <Text className='points__entry-line'>{e.reason}</Text>
                  {e.requested > e.points ? (
                    <Text className='points__entry-line points__capped'>
                      本来是{e.requested}分，当天这类积分已到上限，所以记了{e.points}分。
                    </Text>
                  ) : null}
                  <Text className='points__entry-line muted'>{monthDayText(dateOf(e.at))}</Text>
                </View>
              ))
            )}
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
