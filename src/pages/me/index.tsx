import { useRef } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { StateView } from '../../components/StateView';
import { ElderSwitch } from '../../components/ElderSwitch';
import { VolunteerSection } from '../../components/volunteer/VolunteerSection';
import { useMe } from '../../hooks/useMe';
import { roleLabels } from '../../services/labels';
import { routes } from '../../services/routes';
import { LOGIN_PAGE, needsLocalSignIn } from '../../services/session';
import { useUnread } from '../../hooks/useUnread';
import type { Role } from '../../../types';
import { Screen } from '../../components/Screen';
import './index.css';

export default function MePage() {
  const { data: me, loading, error, reload } = useMe();
  const unread = useUnread();
  // The first show is covered by the initial load; later shows (back from another page) refresh.
  const shown = useRef(false);
  useDidShow(() => {
    if (!shown.current) {
      shown.current = true;
      return;
    }
    reload();
    unread.reload();
  });
  const managerRoles: Role[] = ['venue_manager', 'street_admin', 'district_admin'];
  const managesVenues = me?.roles.some((r) => managerRoles.includes(r.role)) ?? false;
  const stationRoles: Role[] = ['station_manager', 'street_admin', 'district_admin'];
  const managesStations = me?.roles.some((r) => stationRoles.includes(r.role)) ?? false;
  const keepsBranch = me?.roles.some((r) => r.role === 'branch_secretary') ?? false;
  const authorsCourses = me?.roles.some((r) => r.role === 'district_admin') ?? false;
  const organizesActivities = me?.roles.some((r) => r.role === 'branch_secretary' || r.role === 'district_admin') ?? false;
  const administers = me?.roles.some((r) => r.role === 'street_admin' || r.role === 'district_admin') ?? false;
  const go = (url: string) => () => void Taro.navigateTo({ url });
  return (
    <Screen className='me'>
      <StateView loading={loading} error={error} empty={!me} emptyText='暂无信息' onRetry={reload}>
        {me ? (
          <View className='card me__card'>
            <Text className='me__name'>{me.profile.nickname}</Text>
            <Text className='me__line muted'>手机号：{me.profile.phoneMasked ?? '未填写'}</Text>
            <View className='me__roles'>
              {me.roles.map((r) => (
                <Text key={r.role} className='me__role'>
                  {roleLabels[r.role]}
                </Text>
              ))}
            </View>
          </View>
        ) : null}
      </StateView>
      <ElderSwitch />
      {me ? (
        <View className='me__menu'>
          {administers ? (
            <View className='card me__entry' role='button' onClick={go(routes.adminHome)}>
              <Text className='me__entry-title'>管理后台</Text>
              <Text className='me__entry-arrow'>›</Text>
            </View>
          ) : null}
          <View className='card me__entry' role='button' onClick={go(routes.myBookings)}>
            <Text className='me__entry-title'>我的预约</Text>
            <Text className='me__entry-arrow'>›</Text>
          </View>
          <View className='card me__entry' role='button' onClick={go(routes.myCourses)}>
            <Text className='me__entry-title'>我的课程</Text>
            <Text className='me__entry-arrow'>›</Text>
          </View>
          <View className='card me__entry' role='button' onClick={go(routes.myActivities)}>
            <Text className='me__entry-title'>我的活动</Text>
            <Text className='me__entry-arrow'>›</Text>
          </View>
          <View className='card me__entry' role='button' onClick={go(routes.myPoints)}>
            <Text className='me__entry-title'>我的积分</Text>
            <Text className='me__entry-arrow'>›</Text>
          </View>
          <View className='card me__entry' role='button' onClick={go(routes.messages)}>
            <Text className='me__entry-title'>我的消息</Text>
            {unread.data ? <Text className='me__badge'>{unread.data}条未读</Text> : null}
            <Text className='me__entry-arrow'>›</Text>
          </View>
          <View className='card me__entry' role='button' onClick={go(routes.privacy)}>
            <Text className='me__entry-title'>隐私与我的数据</Text>
            <Text className='me__entry-arrow'>›</Text>
          </View>
          <VolunteerSection />
          {managesVenues ? (
            <>
              <Text className='section-title'>场地管理</Text>
              <View className='card me__entry' role='button' onClick={go(routes.manageToday)}>
                <Text className='me__entry-title'>今日安排与签到</Text>
                <Text className='me__entry-arrow'>›</Text>
              </View>
              <View className='card me__entry' role='button' onClick={go(routes.managePending)}>
                <Text className='me__entry-title'>待审核的预约</Text>
                <Text className='me__entry-arrow'>›</Text>
              </View>
            </>
          ) : null}
          {keepsBranch ? (
            <>
              <Text className='section-title'>党支部</Text>
              <View className='card me__entry' role='button' onClick={go(routes.branchRecord)}>
                <Text className='me__entry-title'>支部组织生活记录</Text>
                <Text className='me__entry-arrow'>›</Text>
              </View>
            </>
          ) : null}
          {organizesActivities ? (
            <>
              <Text className='section-title'>支部活动</Text>
              <View className='card me__entry' role='button' onClick={go(routes.organizerActivities)}>
                <Text className='me__entry-title'>活动管理</Text>
                <Text className='me__entry-arrow'>›</Text>
              </View>
            </>
          ) : null}
          {authorsCourses ? (
            <>
              <Text className='section-title'>党课</Text>
              <View className='card me__entry' role='button' onClick={go(routes.authorCourses)}>
                <Text className='me__entry-title'>课程管理</Text>
                <Text className='me__entry-arrow'>›</Text>
              </View>
            </>
          ) : null}
          {managesStations ? (
            <>
              <Text className='section-title'>站点管理</Text>
              <View className='card me__entry' role='button' onClick={go(routes.stewardShifts())}>
                <Text className='me__entry-title'>服务班次与签到</Text>
                <Text className='me__entry-arrow'>›</Text>
              </View>
            </>
          ) : null}
        </View>
      ) : null}
      {needsLocalSignIn ? (
        <Button className='btn-secondary me__switch' onClick={() => void Taro.navigateTo({ url: LOGIN_PAGE })}>
          切换账号（本地体验）
        </Button>
      ) : null}
    </Screen>
  );
}
