import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import type { Session } from '../../../../../types';
import { whenText } from '../../../../../types/date-format';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { queryValue } from '../../../../components/booking/params';
import { CourseTags, SessionCard } from '../../../../components/course/SessionCard';
import { sessionActions } from '../../../../components/course/session-state';
import { useCourse } from '../../../../hooks/useCourse';
import { courseService } from '../../../../services/course';
import { ask, done, tell } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { newRequestId } from '../../../../services/client';
import { routes } from '../../../../services/routes';
import '../../../../components/course/course.css';
import './index.css';

/**
 * 课程详情: what the course is, who teaches it, its learning goals; 线上学习; upcoming 线下课 with 报名 / 排队候补 /
 * 取消报名 and, when the check-in window is open, 签到. A members-only course shows a resident why they cannot join,
 * with no buttons to try.
 */
export default function CourseDetailPage() {
  const { params } = useRouter();
  const courseId = queryValue(params.courseId) ?? '';
  const view = useCourse(courseId);
  const [busyId, setBusyId] = useState<string | null>(null);
  const shown = useRef(false);
  useDidShow(() => {
    // Back from 签到 or the lesson: show what changed.
    if (shown.current) view.reload();
    shown.current = true;
  });

  const signUp = async (s: Session, full: boolean) => {
    if (busyId) return;
    const ok = await ask({
      title: full ? '排队候补' : '报名上课',
      content: full
        ? `这场课的座位已满。排队候补后，有人退出时会按报名先后给您座位，并发消息告诉您。`
        : `「${s.courseTitle}」\n${whenText(s.start, s.end)}\n地点：${s.place}\n请按时到场签到；去不了请在开课前2小时取消。`,
      confirmText: full ? '排队候补' : '确认报名',
      cancelText: '再想想',
    });
    if (!ok) return;
    setBusyId(s.id);
    // One request id for this intent: a retry after a lost answer never takes a second place.
    const requestId = newRequestId();
    try {
      const r = await courseService.signUp(s.id, requestId);
      if (r.state === 'waitlisted') done(r.position ? `已排队，候补第${r.position}位` : '已排队候补');
      else done('报名成功');
      view.reload();
    } catch (e) {
      await tell(full ? '没有排上' : '没有报上', messageFor(e));
      view.reload();
    } finally {
      setBusyId(null);
    }
  };

  const cancel = async (s: Session) => {
    if (busyId || !s.mine) return;
    const waiting = s.mine.state === 'waitlisted';
    const ok = await ask({
      title: waiting ? '不再候补' : '取消报名',
      content: waiting ? `确定不再排队候补这场课吗？` : `确定取消报名吗？座位会让给排队候补的人。`,
      confirmText: waiting ? '不再候补' : '确定取消',
      cancelText: '不取消',
    });
    if (!ok) return;
    setBusyId(s.id);
    try {
      await courseService.cancel(s.id);
      done(waiting ? '已不再候补' : '已取消报名');
      view.reload();
    } catch (e) {
      await tell('没有取消', messageFor(e));
      view.reload();
    } finally {
      setBusyId(null);
    }
  };

  const data = view.data;
  const c = data?.course;
  const now = Date.now();
  return (
    <Screen className='course-detail'>
      <StateView loading={view.loading} error={view.error} empty={!c} emptyText='没有找到这门课程' onRetry={view.reload}>
        {c && data ? (
          <>
            <View className='card cdetail__head'>
              <Text className='cdetail__series'>{c.series}</Text>
              <Text className='cdetail__title'>{c.title}</Text>
              <Text className='cdetail__line'>
                主讲：{c.teacher}
                {c.teacherTitle ? `（${c.teacherTitle}）` : ''}
              </Text>
              <Text className='cdetail__line nowrap'>约{c.minutes}分钟</Text>
              <CourseTags membersOnly={c.membersOnly} hasLesson={c.hasLesson} offline={data.sessions.length > 0} />
              {c.myCompleted ? <Text className='cdetail__done'>✓ 您已学完这门课</Text> : null}
              <Text className='cdetail__summary'>{c.summary}</Text>
            </View>

            {!c.canTake && c.reason ? (
              <View className='card cdetail__refused' role='note'>
                <Text className='cdetail__refused-title'>这门课只对党员开放</Text>
                <Text className='cdetail__refused-text'>{c.reason.message}</Text>
              </View>
            ) : null}

            {c.goals.length > 0 ? (
              <View className='card'>
                <Text className='section-title cdetail__goals-title'>学习目标</Text>
                {c.goals.map((g, i) => (
                  <Text key={g} className='cdetail__goal'>
                    {i + 1}. {g}
                  </Text>
                ))}
              </View>
            ) : null}

            {c.canTake && c.hasLesson ? (
              <View className='card cdetail__online'>
                <Text className='section-title cdetail__goals-title'>线上学习</Text>
                <Text className='cdetail__note'>在手机上读完课程，再答3道题，答对2道就算学完{c.myCompleted ? '。您已学完，可以再看一遍' : '，记红色积分'}。</Text>
                <Button className='btn-primary cdetail__main' onClick={() => void Taro.navigateTo({ url: routes.lesson(c.id) })}>
                  {c.myCompleted ? '再学一遍' : '线上学习'}
                </Button>
              </View>
            ) : null}

            <Text className='section-title cdetail__sessions-title'>线下课</Text>
            {data.sessions.length === 0 ? (
              <View className='card'>
                <Text className='cdetail__note'>近期没有线下课安排{c.hasLesson && c.canTake ? '，可以先在线上学习' : '，过几天再来看看'}。</Text>
              </View>
            ) : null}
            {data.sessions.map((s) => {
              const a = sessionActions(s, now);
              const busy = busyId === s.id;
              const buttons = c.canTake && (a.canSignUp || a.canCheckIn || a.canCancel);
              return (
                <SessionCard key={s.id} session={s}>
                  {buttons ? (
                    <View className='csession__actions'>
                      {a.canCheckIn ? (
                        <Button className='btn-primary csession__act' onClick={() => void Taro.navigateTo({ url: routes.sessionCheckIn(s.id) })}>
                          签到
                        </Button>
                      ) : null}
                      {a.canSignUp ? (
                        <Button className={`${a.full ? 'btn-secondary' : 'btn-primary'} csession__act ${busy ? 'is-disabled' : ''}`} onClick={() => void signUp(s, a.full)}>
                          {busy ? '请稍候…' : a.full ? '排队候补' : '报名'}
                        </Button>
                      ) : null}
                      {a.canCancel ? (
                        <Button className={`btn-secondary csession__act ${busy ? 'is-disabled' : ''}`} onClick={() => void cancel(s)}>
                          {busy ? '请稍候…' : s.mine?.state === 'waitlisted' ? '不再候补' : '取消报名'}
                        </Button>
                      ) : null}
                    </View>
                  ) : null}
                  {a.cancelClosed ? <Text className='csession__note'>离开课已不到2小时，不能再取消报名了。如有急事，请联系组织者。</Text> : null}
                </SessionCard>
              );
            })}
          </>
        ) : null}
      </StateView>
    </Screen>
  );
}
