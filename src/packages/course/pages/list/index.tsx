import { useRef } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import type { CourseSummary } from '../../../../../types';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { queryValue } from '../../../../components/booking/params';
import { CourseTags } from '../../../../components/course/SessionCard';
import { useRequest } from '../../../../hooks/useRequest';
import { courseService } from '../../../../services/course';
import { routes } from '../../../../services/routes';
import '../../../../components/course/course.css';
import './index.css';

interface Listed extends CourseSummary {
  /** Has upcoming offline sessions (the 线下课 tag). */
  offline: boolean;
}

/** The catalogue; each course says how many offline sessions are coming (one call for the whole list). */
async function load(): Promise<Listed[]> {
  return (await courseService.list()).map((c) => ({ ...c, offline: c.upcomingSessions > 0 }));
}

/** Courses in their series' order of first appearance, each series under its own heading. */
function groupBySeries<T extends Pick<CourseSummary, 'seriesId' | 'series'>>(courses: T[]): Array<{ seriesId: string; series: string; courses: T[] }> {
  const groups: Array<{ seriesId: string; series: string; courses: T[] }> = [];
  for (const c of courses) {
    const g = groups.find((x) => x.seriesId === c.seriesId);
    if (g) g.courses.push(c);
    else groups.push({ seriesId: c.seriesId, series: c.series, courses: [c] });
  }
  return groups;
}

/** 党课学习: the 15分钟组织生活 courses grouped by series; ?seriesId shows one series. */
export default function CourseListPage() {
  const { params } = useRouter();
  const seriesId = queryValue(params.seriesId);
  const list = useRequest(load, []);
  const shown = useRef(false);
  useDidShow(() => {
    // Back from a course (a quiz passed, a seat taken): show what changed.
    if (shown.current) list.reload();
    shown.current = true;
  });
  const courses = (list.data ?? []).filter((c) => !seriesId || c.seriesId === seriesId);
  const groups = groupBySeries(courses);
  const go = (url: string) => () => void Taro.navigateTo({ url });

  return (
    <Screen className='course-list'>
      <View className='clist__top'>
        <View className='clist__lead'>
          <Text className='clist__title'>15分钟组织生活</Text>
          <Text className='clist__sub'>每课约15分钟，线上学习或到现场上课，学完记红色积分</Text>
        </View>
        <Button className='btn-secondary clist__mine' onClick={go(routes.myCourses)}>
          我的课程
        </Button>
      </View>
      <StateView
        loading={list.loading}
        error={list.error}
        empty={courses.length === 0}
        emptyText={seriesId ? '这个系列暂时没有课程。' : '暂时还没有课程，过几天再来看看。'}
        onRetry={list.reload}
        emptyAction={seriesId ? { label: '看看全部课程', onTap: () => void Taro.redirectTo({ url: routes.courseList() }) } : undefined}
      >
        {groups.map((g) => (
          <View key={g.seriesId} className='clist__group' role='region' aria-label={g.series}>
            <Text className='section-title clist__series'>{g.series}</Text>
            {g.courses.map((c) => (
              <View key={c.id} className='card clist__course' role='button' aria-label={`${c.title}${c.myCompleted ? '，已完成' : ''}，查看课程`} onClick={go(routes.course(c.id))}>
                <View className='clist__body'>
                  <View className='clist__head'>
                    <Text className='clist__name'>{c.title}</Text>
                    {c.myCompleted ? <Text className='clist__done'>✓ 已完成</Text> : null}
                  </View>
                  <Text className='clist__line'>
                    {c.teacher} · 约{c.minutes}分钟
                  </Text>
                  <CourseTags membersOnly={c.membersOnly} hasLesson={c.hasLesson} offline={c.offline === true} />
                </View>
                <Text className='clist__arrow' aria-hidden>
                  ›
                </Text>
              </View>
            ))}
          </View>
        ))}
        {seriesId && courses.length > 0 ? (
          <Button className='btn-secondary clist__all' onClick={() => void Taro.redirectTo({ url: routes.courseList() })}>
            看看全部课程
          </Button>
        ) : null}
      </StateView>
    </Screen>
  );
}
