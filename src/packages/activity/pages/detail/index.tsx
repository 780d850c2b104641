import { useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import type { ActivityDetail } from '../../../../../types';
import { shortDateTime, whenText } from '../../../../../types/date-format';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { goBack, queryValue } from '../../../../components/booking/params';
import { ActivityBadge, ActivityCover, ActivityTags } from '../../../../components/activity/ActivityCard';
import { activityActions, placesText } from '../../../../components/activity/activity-state';
import { runIntent } from '../../../../components/activity/intent';
import { useActivity } from '../../../../hooks/useActivity';
import { activityService } from '../../../../services/activity';
import { CallError } from '../../../../services/client';
import { ask, done, tell } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import '../../../../components/activity/activity.css';
import './index.css';

const WAITING_MEANS = '排队候补：有人取消报名时，按排队先后把名额让给您，并发消息告诉您。排上之前不用来现场。';

/** One line of what / when / where: a label and its words. */
function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <View className='adetail__row'>
      <Text className='adetail__label'>{label}</Text>
      <Text className='adetail__value'>{children}</Text>
    </View>
  );
}

/**
 * 活动详情 (the share link opens it): cover, type, title, time, place, organising branch, places left, 报名截止 and the
 * description; 我要报名 (confirmed first) / 排队候补 when full / 取消报名 / 签到 while check-in is open. A cancelled activity
 * says why; one the caller may not see (members only, another branch) is simply not found.
 */
export default function ActivityDetailPage() {
  const { params } = useRouter();
  const activityId = queryValue(params.activityId) ?? '';
  const view = useActivity(activityId);
  const [busy, setBusy] = useState(false);
  const shown = useRef(false);
  useDidShow(() => {
    // Back from 签到: show the check-in.
    if (shown.current) view.reload();
    shown.current = true;
  });
  const a = view.data ?? null;

  useEffect(() => {
    // Taro's weapp layer turns showShareItems into WeChat's `menus` (wechatMoment → shareTimeline: 朋友圈 where allowed).
    if (process.env.TARO_ENV === 'weapp') void Taro.showShareMenu({ withShareTicket: false, showShareItems: ['wechatFriends', 'wechatMoment'] }).catch(() => undefined);
  }, []);
  useShareAppMessage(() => ({
    title: a ? `${a.title}｜${whenText(a.start, a.end)}` : '红帆活动',
    path: routes.activity(activityId),
    ...(a?.cover ? { imageUrl: a.cover.url } : {}),
  }));
  useShareTimeline(() => ({
    title: a ? a.title : '红帆活动',
    query: `activityId=${encodeURIComponent(activityId)}`,
    ...(a?.cover ? { imageUrl: a.cover.url } : {}),
  }));

  const signUp = async (d: ActivityDetail, wait: boolean) => {
    if (busy) return;
    const ok = await ask(
      wait
        ? { title: '排队候补', content: `名额已经报满了。\n${WAITING_MEANS}`, confirmText: '排队候补', cancelText: '再想想' }
        : {
            title: '报名参加',
            content: `「${d.title}」\n${whenText(d.start, d.end)}\n地点：${d.placeName}\n请按时到场签到；去不了请在活动开始前取消报名。`,
            confirmText: '确认报名',
            cancelText: '再想想',
          },
    );
    if (!ok) return;
    setBusy(true);
    try {
      const r = await runIntent((requestId) => activityService.signUp(d.id, wait, requestId));
      if (r.state === 'waitlisted') done(r.position ? `已排队，候补第${r.position}位` : '已排队候补');
      else done('报名成功');
    } catch (e) {
      if (!wait && e instanceof CallError && e.code === 'ACTIVITY.FULL') {
        // Taken by others a moment ago: offer the waitlist (a new intent of its own).
        setBusy(false);
        view.reload();
        const join = await ask({ title: '名额刚刚报满了', content: WAITING_MEANS, confirmText: '排队候补', cancelText: '不用了' });
        if (join) {
          setBusy(true);
          try {
            const r = await runIntent((requestId) => activityService.signUp(d.id, true, requestId));
            done(r.position ? `已排队，候补第${r.position}位` : '已排队候补');
          } catch (e2) {
            await tell('没有排上', messageFor(e2));
          }
        }
      } else {
        await tell(wait ? '没有排上' : '没有报上', messageFor(e));
      }
    } finally {
      setBusy(false);
      view.reload();
    }
  };

  const cancel = async (d: ActivityDetail) => {
    if (busy || !d.mine) return;
    const waiting = d.mine.state === 'waitlisted';
    const ok = await ask({
      title: waiting ? '不再候补' : '取消报名',
      content: waiting ? '确定不再排队候补这个活动吗？' : '确定取消报名吗？名额会让给排队候补的人。',
      confirmText: waiting ? '不再候补' : '确定取消',
      cancelText: '不取消',
      danger: true,
    });
    if (!ok) return;
    setBusy(true);
    try {
      await runIntent((requestId) => activityService.cancel(d.id, requestId));
      done(waiting ? '已不再候补' : '已取消报名');
    } catch (e) {
      await tell('没有取消', messageFor(e));
    } finally {
      setBusy(false);
      view.reload();
    }
  };

  const now = Date.now();
  const act = a ? activityActions(a, now) : null;
  return (
    <Screen className='activity-detail'>
      <StateView
        loading={view.loading}
        error={view.error}
        empty={!a}
        emptyText='没有找到这个活动。它可能已经取消，或只对本支部党员开放。'
        onRetry={view.reload}
        emptyAction={{ label: '看看其他活动', onTap: () => void Taro.redirectTo({ url: routes.activityList() }) }}
      >
        {a && act ? (
          <>
            <View className='card adetail__head'>
              <ActivityCover activity={a} large />
              <ActivityTags activity={a} />
              <Text className='adetail__title'>{a.title}</Text>
              <Row label='时间'>
                <Text className='nowrap'>{whenText(a.start, a.end)}</Text>
              </Row>
              <Row label='地点'>{a.placeName}</Row>
              {a.address && a.address !== a.placeName ? <Row label='地址'>{a.address}</Row> : null}
              <Row label='组织'>{a.branchName}</Row>
              {a.state === 'published' ? (
                <Row label='名额'>{`${placesText(a)}（共${a.capacity}个）`}</Row>
              ) : null}
              <Row label='报名截止'>{shortDateTime(a.signUpDeadline)}</Row>
            </View>

            {a.state === 'cancelled' ? (
              <View className='card adetail__notice adetail__notice--off' role='note'>
                <Text className='adetail__notice-title'>这个活动已经取消了</Text>
                {a.cancelReason ? <Text className='adetail__notice-text'>原因：{a.cancelReason}</Text> : null}
              </View>
            ) : null}
            {a.state === 'draft' ? (
              <View className='card adetail__notice' role='note'>
                <Text className='adetail__notice-title'>这是草稿，还没有发布</Text>
                <Text className='adetail__notice-text'>发布以后大家才能看到、报名。</Text>
              </View>
            ) : null}
            {act.ended ? (
              <View className='card adetail__notice adetail__notice--off' role='note'>
                <Text className='adetail__notice-title'>活动已经结束了</Text>
              </View>
            ) : null}
            {a.mine && a.state === 'published' ? (
              <View className='card adetail__notice adetail__notice--mine' role='status'>
                <ActivityBadge activity={a} />
                <Text className='adetail__notice-text'>
                  {a.mine.checkedInAt
                    ? '您已经签到了，谢谢参加！'
                    : a.mine.state === 'confirmed'
                      ? '您已报名。请按时到场，活动开始前30分钟起可以签到。'
                      : `您在排队候补${a.mine.position ? `，排第${a.mine.position}位` : ''}。有人取消时按先后递补，会发消息告诉您。`}
                </Text>
              </View>
            ) : null}
            {act.refusal ? (
              <View className='card adetail__notice' role='note'>
                <Text className='adetail__notice-title'>现在不能报名</Text>
                <Text className='adetail__notice-text'>{act.refusal}</Text>
              </View>
            ) : null}

            {act.canCheckIn || act.canSignUp || act.canCancel || a.organizer ? (
              <View className='adetail__actions'>
                {act.canCheckIn ? (
                  <Button className='btn-primary adetail__main' onClick={() => void Taro.navigateTo({ url: routes.activityCheckIn(a.id) })}>
                    签到
                  </Button>
                ) : null}
                {act.canSignUp ? (
                  <Button className={`btn-primary adetail__main ${busy ? 'is-disabled' : ''}`} onClick={() => void signUp(a, act.full)}>
                    {busy ? '请稍候…' : act.full ? '排队候补' : '我要报名'}
                  </Button>
                ) : null}
                {act.canCancel ? (
                  <Button className={`btn-secondary adetail__main ${busy ? 'is-disabled' : ''}`} onClick={() => void cancel(a)}>
                    {busy ? '请稍候…' : a.mine?.state === 'waitlisted' ? '不再候补' : '取消报名'}
                  </Button>
                ) : null}
                {a.organizer ? (
                  <Button className='btn-secondary adetail__main' onClick={() => void Taro.navigateTo({ url: routes.organizerRoster(a.id) })}>
                    查看报名名单
                  </Button>
                ) : null}
              </View>
            ) : null}

            <View className='card adetail__about'>
              <Text className='section-title adetail__section'>活动介绍</Text>
              <Text className='adetail__desc'>{a.description}</Text>
            </View>
            <Button className='btn-secondary adetail__more' onClick={() => goBack(routes.activityList())}>
              看看其他活动
            </Button>
          </>
        ) : null}
      </StateView>
    </Screen>
  );
}
