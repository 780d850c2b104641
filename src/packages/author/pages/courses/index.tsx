import { useRef } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { CancelWithReason } from '../../../../components/CancelWithReason';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { CourseTags, SessionCard } from '../../../../components/course/SessionCard';
import { bySeries, useAuthorCourses } from '../../../../hooks/useAuthor';
import { courseService } from '../../../../services/course';
import { routes } from '../../../../services/routes';
import '../../../../components/booking/booking.css';
import '../../../../components/steward/steward.css';
import '../../../../components/course/course.css';
import '../../../../components/author/author.css';

/** 课程管理 (district admins): every course by series with 编辑 / 排课, and its upcoming sessions with their code and 取消本场. */
export default function AuthorCoursesPage() {
  const list = useAuthorCourses();
  const shown = useRef(false);
  useDidShow(() => {
    // Back from the editor or the schedule form: show what changed.
    if (shown.current) list.reload();
    shown.current = true;
  });
  const groups = bySeries(list.data ?? []);
  const go = (url: string) => () => void Taro.navigateTo({ url });

  return (
    <Screen className='author-courses'>
      <View className='author-top'>
        <View className='author-top__lead'>
          <Text className='author-top__title'>课程管理</Text>
          <Text className='author-top__sub'>编写课程和测验题，安排线下课，上课时出示签到码</Text>
        </View>
        <Button className='btn-primary author-top__new' onClick={go(routes.authorEdit())}>
          新建课程
        </Button>
      </View>
      <StateView loading={list.loading && !list.data} error={list.error} empty={groups.length === 0} emptyText='还没有课程，点「新建课程」写第一门。' onRetry={list.reload}>
        {groups.map((g) => (
          <View key={g.seriesId} className='author-group' role='region' aria-label={g.series}>
            <Text className='section-title'>{g.series}</Text>
            {g.courses.map((c) => (
              <View key={c.id} className='card author-course'>
                <Text className='author-course__title'>{c.title}</Text>
                <Text className='author-course__line'>
                  {c.teacher} · <Text className='nowrap'>{`约${c.minutes}分钟`}</Text>
                </Text>
                <CourseTags membersOnly={c.membersOnly} hasLesson={c.hasLesson} offline={(c.sessions?.length ?? 0) > 0} />
                <Text className={`author-course__state ${c.published ? '' : 'author-course__state--off'}`}>
                  {c.published ? '已发布' : '暂不发布（居民看不到）'} · 测验题{c.questions}道
                </Text>
                <View className='author-course__actions'>
                  <Button className='btn-secondary author-course__btn' aria-label={`编辑 ${c.title}`} onClick={go(routes.authorEdit(c.id))}>
                    编辑
                  </Button>
                  <Button className='btn-secondary author-course__btn' aria-label={`给 ${c.title} 排课`} onClick={go(routes.authorSchedule(c.id))}>
                    排课
                  </Button>
                </View>
                {c.sessions === null ? <Text className='muted'>线下课暂时读不出来，请稍后下拉刷新</Text> : null}
                {c.sessions && c.sessions.length > 0 ? (
                  <View className='author-course__sessions'>
                    <Text className='author-course__label'>即将开始的线下课（{c.sessions.length}场）</Text>
                    {c.sessions.map((s) => (
                      <SessionCard key={s.id} session={s}>
                        <View className='author-session__actions'>
                          <Button className='btn-primary author-session__btn' onClick={go(routes.authorSessionCode(s.id))}>
                            出示签到码
                          </Button>
                          <CancelWithReason
                            openLabel='取消本场'
                            confirmLabel='确认取消本场'
                            placeholder='例如：老师临时有事，改期另行通知'
                            people={s.taken + s.waiting}
                            question='取消这场课？'
                            doneText='这场课已取消'
                            cancel={(reason, requestId) => courseService.cancelSession(s.id, reason, requestId)}
                            onDone={list.reload}
                          />
                        </View>
                      </SessionCard>
                    ))}
                  </View>
                ) : null}
              </View>
            ))}
          </View>
        ))}
      </StateView>
    </Screen>
  );
}
