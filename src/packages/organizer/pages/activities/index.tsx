import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ActivitySummary } from '../../../../../types';
import { CancelWithReason } from '../../../../components/CancelWithReason';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { OrganizerCard } from '../../../../components/organizer/OrganizerCard';
import { VENUE_ADVICE, venueProblem } from '../../../../components/organizer/problems';
import { byState, useOrganized } from '../../../../hooks/useOrganizer';
import { useReloadOnReturn } from '../../../../hooks/useReloadOnReturn';
import { activityService } from '../../../../services/activity';
import { newRequestId } from '../../../../services/client';
import { ask, done, tell } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import '../../../../components/booking/booking.css';
import '../../../../components/steward/steward.css';
import '../../../../components/author/author.css';
import '../../../../components/organizer/organizer.css';

/** 发布 a draft: asked first; a taken venue slot said with the slot and what to do. */
function PublishButton({ activity, onDone }: { activity: ActivitySummary; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  // One id per publishing intent: a retry after a lost reply publishes (and books the venue) once.
  const [requestId, setRequestId] = useState(newRequestId);
  const publish = async () => {
    if (busy) return;
    const ok = await ask({
      title: '发布这个活动？',
      content: activity.venueId ? '发布后大家就能看到并报名，同时会订下所选场地的时段。' : '发布后大家就能看到并报名。',
      confirmText: '发布',
      cancelText: '再想想',
    });
    if (!ok) return;
    setBusy(true);
    try {
      await activityService.publish(activity.id, requestId);
      done('活动已发布');
      onDone();
    } catch (e) {
      setRequestId(newRequestId());
      const venue = venueProblem(e);
      await tell('没能发布', venue ? `${venue}\n${VENUE_ADVICE}` : messageFor(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button className={`btn-primary ocard__btn ${busy ? 'is-disabled' : ''}`} aria-label={`发布 ${activity.title}`} onClick={() => void publish()}>
      {busy ? '正在发布…' : '发布'}
    </Button>
  );
}

/** 活动管理 (branch secretaries, district admins): the branch's activities as drafts, published and cancelled. */
export default function OrganizerActivitiesPage() {
  const list = useOrganized();
  // Back from the editor or the roster, or pulled down: what changed.
  useReloadOnReturn(list.reload);
  const groups = byState(list.data?.items ?? []);
  const severalBranches = (list.data?.branches.length ?? 0) > 1;
  const go = (url: string) => () => void Taro.navigateTo({ url });

  return (
    <Screen className='organizer-activities'>
      <View className='author-top'>
        <View className='author-top__lead'>
          <Text className='author-top__title'>活动管理</Text>
          <Text className='author-top__sub'>发布支部活动，查看报名名单，活动时出示签到码</Text>
        </View>
        <Button className='btn-primary author-top__new' onClick={go(routes.organizerEdit())}>
          新建活动
        </Button>
      </View>
      <StateView loading={list.loading && !list.data} error={list.error} empty={groups.length === 0} emptyText='还没有活动，点「新建活动」发布第一个。' onRetry={list.reload}>
        {groups.map((g) => (
          <View key={g.state} className='author-group' role='region' aria-label={g.label}>
            <Text className='section-title'>{`${g.label}（${g.items.length}）`}</Text>
            {g.items.map((a) => (
              <OrganizerCard key={a.id} activity={a} showBranch={severalBranches}>
                <View className='ocard__actions'>
                  {a.state === 'draft' ? <PublishButton activity={a} onDone={list.reload} /> : null}
                  {a.state !== 'cancelled' ? (
                    <Button className='btn-secondary ocard__btn' aria-label={`编辑 ${a.title}`} onClick={go(routes.organizerEdit(a.id))}>
                      编辑
                    </Button>
                  ) : null}
                  {a.state === 'published' ? (
                    <Button className='btn-primary ocard__btn' aria-label={`${a.title} 的签到码`} onClick={go(routes.organizerCode(a.id))}>
                      签到码
                    </Button>
                  ) : null}
                  {a.state !== 'draft' ? (
                    <Button className='btn-secondary ocard__btn' aria-label={`${a.title} 的报名名单`} onClick={go(routes.organizerRoster(a.id))}>
                      报名名单
                    </Button>
                  ) : null}
                </View>
                {a.state !== 'cancelled' ? (
                  <CancelWithReason
                    openLabel='取消活动'
                    confirmLabel='确认取消活动'
                    placeholder='例如：天气原因，改期另行通知'
                    people={a.taken + a.waiting}
                    question='取消这个活动？'
                    doneText='活动已取消'
                    cancel={(reason, requestId) => activityService.cancelActivity(a.id, reason, requestId)}
                    onDone={list.reload}
                  />
                ) : null}
              </OrganizerCard>
            ))}
          </View>
        ))}
      </StateView>
    </Screen>
  );
}
