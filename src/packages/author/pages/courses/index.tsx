import { useRef, useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { Session } from '../../../../../types';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { CourseTags, SessionCard } from '../../../../components/course/SessionCard';
import { bySeries, useAuthorCourses } from '../../../../hooks/useAuthor';
import { newRequestId } from '../../../../services/client';
import { courseService } from '../../../../services/course';
import { ask, done } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import '../../../../components/booking/booking.css';
import '../../../../components/steward/steward.css';
import '../../../../components/course/course.css';
import '../../../../components/author/author.css';

/** 取消本场: why (everyone enrolled or waiting receives it), then a confirmation. */
function CancelSession({ session, onDone }: { session: Session; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One id per cancelling intent: a retry after a lost reply cancels once.
  const [requestId, setRequestId] = useState(newRequestId);
  if (!open) {
    return (
      <Button className='btn-secondary author-session__btn' onClick={() => setOpen(true)}>
        取消本场
      </Button>
    );
  }
  const submit = async () => {
    if (busy) return;
    if (reason.trim().length < 2) return setError('请写明取消原因，至少2个字');
    const people = session.taken + session.waiting;
    const ok = await ask({
      title: '取消这场课？',
      content: people > 0 ? `已报名和候补的${people}人都会收到取消消息和原因。` : '目前还没有人报名。',
      confirmText: '确认取消',
      cancelText: '再想想',
      danger: true,
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    try {
      await courseService.cancelSession(session.id, reason.trim(), requestId);
      done('这场课已取消');
      setOpen(false);
      onDone();
    } catch (e) {
      setRequestId(newRequestId());
      setError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='author-cancel shift-form'>
      <Text className='field__label'>取消原因（报名的人会收到）</Text>
      <Textarea className='field__textarea author-cancel__input' value={reason} maxlength={100} placeholder='例如：老师临时有事，改期另行通知' aria-label='取消原因' onInput={(e) => setReason(e.detail.value)} />
      {error ? (
        <View role='alert'>
          <Text className='form-error'>{error}</Text>
        </View>
      ) : null}
      <View className='author-cancel__actions'>
        <Button className='btn-secondary author-cancel__btn' onClick={() => setOpen(false)}>
          不取消了
        </Button>
        <Button className={`btn-primary author-cancel__btn ${busy ? 'is-disabled' : ''}`} onClick={() => void submit()}>
          {busy ? '正在取消…' : '确认取消本场'}
        </Button>
      </View>
    </View>
  );
}

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
                          <CancelSession session={s} onDone={list.reload} />
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
