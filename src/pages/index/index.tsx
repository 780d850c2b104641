import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useMe } from '../../hooks/useMe';
import './index.css';

const entries = [
  { title: '预约场地', desc: '创益园和街道、社区的免费场地', url: '/pages/venues/index' },
  { title: '创益红帆站', desc: '把服务送到家门口', url: '/pages/stations/index' },
  { title: '我的', desc: '我的信息和身份', url: '/pages/me/index' },
];

export default function IndexPage() {
  const { data: me, loading, reload } = useMe();
  // After signing in (or coming back online) greet the user by name.
  useDidShow(() => {
    if (!me && !loading) reload();
  });
  return (
    <View className='page home'>
      <View className='home__banner'>
        <Text className='home__title'>党建引领 红帆启航</Text>
        <Text className='home__sub'>芝罘区社会组织综合党委</Text>
      </View>
      <Text className='home__hello'>{me ? `${me.profile.nickname}，您好！` : '您好！'}</Text>
      {entries.map((e) => (
        <View key={e.url} className='card home__entry' role='button' onClick={() => void Taro.switchTab({ url: e.url })}>
          <View className='home__entry-body'>
            <Text className='home__entry-title'>{e.title}</Text>
            <Text className='home__entry-desc muted'>{e.desc}</Text>
          </View>
          <Text className='home__entry-arrow'>›</Text>
        </View>
      ))}
      <View className='home__note'>
        <Text className='muted'>
          区党群服务中心（创益园）4600平方米，12个街道、150个社区场地向社会组织和居民免费开放。
        </Text>
      </View>
    </View>
  );
}
