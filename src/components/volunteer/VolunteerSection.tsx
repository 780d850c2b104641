import { useRef } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useVolunteerMe } from '../../hooks/useVolunteer';
import { routes } from '../../services/routes';
import { hoursText, starNames } from '../../services/volunteer';
import './volunteer.css';

/**
 * 我的 → 志愿服务: 注册成为志愿者 for someone not registered; for a volunteer their hours and stars, then 找服务 / 我的服务 /
 * 我的时长 / 服务证明. 查验证明 is for anyone. Uses 我的's entry rows (me__entry).
 */
export function VolunteerSection() {
  const me = useVolunteerMe();
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) me.reload();
    shown.current = true;
  });
  const go = (url: string) => () => void Taro.navigateTo({ url });
  const v = me.data;
  const entry = (title: string, url: string, extra?: string) => (
    <View className='card me__entry' role='button' onClick={go(url)}>
      <Text className='me__entry-title'>{title}</Text>
      {extra ? <Text className='v-me__extra'>{extra}</Text> : null}
      <Text className='me__entry-arrow'>›</Text>
    </View>
  );
  return (
    <View className='v-me'>
      <Text className='section-title'>志愿服务</Text>
      {me.error && !v ? (
        <View className='card v-me__problem' role='button' onClick={me.reload}>
          <Text className='v-note'>志愿服务信息没有加载出来，点这里再试一次。</Text>
        </View>
      ) : null}
      {v && !v.registered ? entry('注册成为志愿者', routes.volunteerRegister) : null}
      {v?.registered ? (
        <>
          <View className='card v-me__summary'>
            <Text className='v-me__hours'>累计服务{hoursText(v.totalHours)}小时</Text>
            <Text className='v-me__stars'>{v.stars.level === 0 ? '还没有星级' : `${starNames[v.stars.level]}志愿者 ${'★'.repeat(v.stars.level)}`}</Text>
          </View>
          {entry('找服务', routes.volunteerShifts())}
          {entry('我的服务', routes.myShifts)}
          {entry('我的时长', routes.myHours)}
          {entry('服务证明', routes.certificate)}
        </>
      ) : null}
      {v ? entry('查验证明', routes.verifyCertificate()) : null}
    </View>
  );
}
