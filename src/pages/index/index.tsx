import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { Booking } from '../../../types/venue';
import { bookingStateLabels, dateOf, longDate, timeRange } from '../../components/booking/format';
import { CheckInCode } from '../../components/booking/CheckInCode';
import { CheckInSheet } from '../../components/booking/CheckInSheet';
import { useMe } from '../../hooks/useMe';
import { useElderMode } from '../../hooks/useElderMode';
import { useMessages } from '../../hooks/useMessages';
import { useMyBookings } from '../../hooks/useMyBookings';
import { useActivityFeed } from '../../hooks/useActivity';
import { ActivityCard } from '../../components/activity/ActivityCard';
import { ElderSwitch } from '../../components/ElderSwitch';
import { ProfileCard } from '../../components/ProfileCard';
import { done } from '../../services/dialog';
import { reportsLargeFont } from '../../services/elder';
import { routes } from '../../services/routes';
import { Screen } from '../../components/Screen';
import '../../components/booking/booking.css';
import './index.css';

/** Messages worth a notice on 首页 when unread: the result of an approval, or a booking that was released. */
const NOTICE_KINDS = ['booking_approved', 'booking_rejected', 'booking_expired', 'booking_released', 'waitlist_booked'];

/** How many of the feed's first activities 首页 shows (近期活动). */
const HOME_ACTIVITIES = 3;

/** The next booking still ahead (or under way), soonest first: the one to show on 首页. */
function nextOf(bookings: Booking[] | null | undefined): Booking | null {
  const ahead = (bookings ?? []).filter((b) => b.state === 'pending' || b.state === 'confirmed' || b.state === 'checked_in');
  return ahead.sort((a, b) => Date.parse(a.start) - Date.parse(b.start))[0] ?? null;
}

export default function IndexPage() {
  const { data: me, loading, reload } = useMe();
  const elder = useElderMode();
  const bookings = useMyBookings('upcoming');
  const inbox = useMessages();
  const activities = useActivityFeed();
  const [checkingIn, setCheckingIn] = useState<Booking | null>(null);
  // First visit with WeChat's large font (or 关怀模式): offer 长辈版 in the page, not in a pop-up.
  const offer = !elder.chosen && reportsLargeFont();
  // After signing in (or coming back online) greet the user by name; back from another page, refresh what is shown.
  const shown = useRef(false);
  useDidShow(() => {
    if (!me && !loading) reload();
    if (shown.current) {
      // Back on 首页: the profile too (a phone given elsewhere hides the first-use card; another local sign-in).
      if (!loading) reload();
      bookings.reload();
      inbox.reload();
      activities.reload();
    }
    shown.current = true;
  });

  const next = nextOf(bookings.data);
  const onTheDay = next ? dateOf(next.start) === dateOf(Date.now()) : false;
  const unread = inbox.data?.unread ?? 0;
  const notices = (inbox.data?.messages ?? []).filter((m) => !m.read && NOTICE_KINDS.includes(m.kind)).slice(0, 2);
  const go = (url: string) => () => void Taro.navigateTo({ url });

  return (
    <Screen className='home'>
      <View className='home__banner'>
        <Text className='home__title'>党建引领 红帆启航</Text>
        <Text className='home__sub'>芝罘区社会组织综合党委</Text>
      </View>
      <Text className='home__hello'>{me ? `${me.profile.nickname}，您好！` : '您好！'}</Text>
      {me && me.profile.phoneMasked === null ? <ProfileCard me={me} onSaved={reload} /> : null}
      {offer ? (
        <View className='card home__offer' role='region' aria-label='长辈版'>
          <Text className='home__offer-text'>您的微信字体较大。要不要打开长辈版？字更大、按钮更大，看得更清楚。</Text>
          <View className='home__offer-actions'>
            <Button className='btn-primary home__offer-yes' onClick={() => elder.set(true)}>
              打开长辈版
            </Button>
            <Button className='btn-secondary home__offer-no' onClick={() => elder.set(false)}>
              不用了
            </Button>
          </View>
        </View>
      ) : (
        <ElderSwitch />
      )}

      {unread > 0 ? (
        <View className='card home__notice' role='button' aria-label={`${unread}条新消息，去看看`} onClick={go(routes.messages)}>
          <View className='home__notice-body'>
            <Text className='home__notice-title'>您有{unread}条新消息</Text>
            {notices.map((m) => (
              <Text key={m.id} className='home__notice-line'>
                {m.title}：{m.body}
              </Text>
            ))}
          </View>
          <Text className='home__entry-arrow'>›</Text>
        </View>
      ) : null}

      <View className='card home__entry home__next' role='region' aria-label='我的下一个预约'>
        <Text className='home__next-label'>我的下一个预约</Text>
        {bookings.loading && !bookings.data ? <Text className='home__next-empty muted'>正在查看…</Text> : null}
        {next ? (
          <View>
            <Text className='home__next-venue'>{next.venueName}</Text>
            <Text className='home__next-when'>
              {longDate(dateOf(next.start))} <Text className='nowrap'>{timeRange(next.start, next.end)}</Text>
            </Text>
            <Text className={`home__next-state home__next-state--${next.state}`}>{bookingStateLabels[next.state]}</Text>
            {next.checkInCode ? <CheckInCode code={next.checkInCode} /> : null}
            <View className='home__next-actions'>
              {onTheDay && next.state === 'confirmed' ? (
                <Button className='btn-primary home__checkin' onClick={() => setCheckingIn(next)}>
                  我已到场，签到
                </Button>
              ) : null}
              <Button className='btn-secondary home__all' onClick={go(routes.myBookings)}>
                我的全部预约
              </Button>
            </View>
          </View>
        ) : !bookings.loading || bookings.data ? (
          <View>
            <Text className='home__next-empty'>{bookings.error ? '暂时看不到您的预约，请稍后再试' : '您现在没有预约'}</Text>
            <Button className='btn-primary home__book' onClick={() => void Taro.switchTab({ url: '/pages/venues/index' })}>
              去预约场地
            </Button>
          </View>
        ) : null}
      </View>

      <View className='home__activities' role='region' aria-label='近期活动'>
        <Text className='section-title'>近期活动</Text>
        {activities.loading && !activities.data ? <Text className='home__activities-note muted'>正在查看…</Text> : null}
        {activities.error && !activities.data ? <Text className='home__activities-note'>暂时看不到活动，请稍后再试</Text> : null}
        {activities.data && activities.data.length === 0 ? <Text className='home__activities-note'>近期没有活动</Text> : null}
        {(activities.data ?? []).slice(0, HOME_ACTIVITIES).map((a) => (
          <ActivityCard key={a.id} activity={a} onOpen={go(routes.activity(a.id))} />
        ))}
        <Button className='btn-secondary home__all-activities' onClick={go(routes.activityList())}>
          查看全部活动
        </Button>
      </View>

      <View className='card home__entry home__course' role='region' aria-label='党课学习'>
        <Text className='home__next-label'>党课学习</Text>
        <Text className='home__next-venue'>15分钟组织生活</Text>
        <Text className='home__next-when'>社会组织党校的党课，每课约15分钟。线上学，或报名到现场上课，学完记红色积分。</Text>
        <View className='home__next-actions'>
          <Button className='btn-primary home__book' onClick={go(routes.courseList())}>
            去学习
          </Button>
          <Button className='btn-secondary home__all' onClick={go(routes.myCourses)}>
            我的课程
          </Button>
        </View>
      </View>

      <View className='card home__entry home__orgs' role='region' aria-label='社会组织'>
        <Text className='home__next-label'>社会组织</Text>
        <Text className='home__next-venue'>身边的社会组织和党组织</Text>
        <Text className='home__next-when'>看看各街道的社会组织做什么服务、由哪个党组织带领。组织负责人可以在这里认领、完善资料。</Text>
        <View className='home__next-actions'>
          <Button className='btn-primary home__book' onClick={go(routes.orgList())}>
            看看社会组织
          </Button>
          <Button className='btn-secondary home__all' onClick={go(routes.partyOrgs())}>
            党组织
          </Button>
        </View>
      </View>

      <View className='home__note'>
        <Text className='muted'>
          区党群服务中心（创益园）4600平方米，12个街道、150个社区场地向社会组织和居民免费开放。
        </Text>
      </View>
      {checkingIn ? (
        <CheckInSheet
          booking={checkingIn}
          onClose={() => setCheckingIn(null)}
          onCheckedIn={() => {
            setCheckingIn(null);
            done('签到成功');
            bookings.reload();
          }}
        />
      ) : null}
    </Screen>
  );
}
