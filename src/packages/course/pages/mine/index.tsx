import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { longDate } from '../../../../../types/date-format';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { SessionCard } from '../../../../components/course/SessionCard';
import { sessionActions } from '../../../../components/course/session-state';
import { useMyCourses } from '../../../../hooks/useCourse';
import { routes } from '../../../../services/routes';
import '../../../../components/course/course.css';
import './index.css';

/** 我的课程: my 红色积分 (to 我的积分), then 即将参加 (my places, 签到 when open) and 已完成 (date, 线上/线下, points). */
export default function MyCoursesPage() {
  const [tab, setTab] = useState<'upcoming' | 'completed'>('upcoming');
  const view = useMyCourses();
  const shown = useRef(false);
  useDidShow(() => {
    // Back from 签到 or a course page: show what changed.
    if (shown.current) view.reload();
    shown.current = true;
  });
  const go = (url: string) => () => void Taro.navigateTo({ url });

  const data = view.data;
  const upcoming = data?.mine.upcoming ?? [];
  const completed = data?.mine.completed ?? [];
  const now = Date.now();
  return (
    <Screen className='my-courses'>
      {data?.points ? (
        <View className='card cmine__points' role='button' aria-label={`我的红色积分${data.points.total}分，查看明细`} onClick={go(routes.myPoints)}>
          <View className='cmine__points-body'>
            <Text className='cmine__points-label'>我的红色积分</Text>
            <Text className='cmine__points-total'>
              {data.points.total}
              <Text className='cmine__points-unit'>分</Text>
            </Text>
            <Text className='cmine__points-month'>本月 {data.points.thisMonth}分</Text>
          </View>
          <Text className='cmine__arrow' aria-hidden>
            ›
          </Text>
        </View>
      ) : null}
      <View className='cmine__tabs' role='tablist'>
        {(['upcoming', 'completed'] as const).map((t) => (
          <View key={t} className={`cmine__tab ${tab === t ? 'cmine__tab--on' : ''}`} role='tab' aria-selected={tab === t} onClick={() => setTab(t)}>
            <Text>{t === 'upcoming' ? '即将参加' : '已完成'}</Text>
          </View>
        ))}
      </View>
      <StateView
        loading={view.loading}
        error={view.error}
        empty={(tab === 'upcoming' ? upcoming : completed).length === 0}
        emptyText={tab === 'upcoming' ? '您还没有报名的线下课。' : '您还没有学完的课程。'}
        onRetry={view.reload}
        emptyAction={{ label: '去看看课程', onTap: go(routes.courseList()) }}
      >
        {tab === 'upcoming'
          ? upcoming.map((s) => {
              const a = sessionActions(s, now);
              return (
                <SessionCard key={s.id} session={s} showCourse>
                  <View className='csession__actions'>
                    {a.canCheckIn ? (
                      <Button className='btn-primary csession__act' onClick={go(routes.sessionCheckIn(s.id))}>
                        签到
                      </Button>
                    ) : null}
                    <Button className='btn-secondary csession__act' onClick={go(routes.course(s.courseId))}>
                      查看课程
                    </Button>
                  </View>
                </SessionCard>
              );
            })
          : completed.map((c) => (
              <View key={c.courseId} className='card cmine__done' role='button' aria-label={`${c.title}，查看课程`} onClick={go(routes.course(c.courseId))}>
                <View className='cmine__done-body'>
                  <Text className='cmine__done-title'>{c.title}</Text>
                  <Text className='cmine__done-line'>{c.series}</Text>
                  <Text className='cmine__done-line'>
                    {longDate(c.date)} · {c.via === 'online' ? '线上学习' : '线下上课'}
                  </Text>
                  {c.points > 0 ? <Text className='cmine__done-points'>+{c.points}红色积分</Text> : null}
                </View>
                <Text className='cmine__arrow' aria-hidden>
                  ›
                </Text>
              </View>
            ))}
      </StateView>
    </Screen>
  );
}
