import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useMe } from '../../hooks/useMe';
import { useElderMode } from '../../hooks/useElderMode';
import { ElderSwitch } from '../../components/ElderSwitch';
import { reportsLargeFont } from '../../services/elder';
import { Screen } from '../../components/Screen';
import './index.css';

const entries = [
  { title: '预约场地', desc: '创益园和街道、社区的免费场地', url: '/pages/venues/index' },
  { title: '创益红帆站', desc: '把服务送到家门口', url: '/pages/stations/index' },
  { title: '我的', desc: '我的信息和身份', url: '/pages/me/index' },
];

export default function IndexPage() {
  const { data: me, loading, reload } = useMe();
  const elder = useElderMode();
  // First visit with WeChat's large font (or 关怀模式): offer 长辈版 in the page, not in a pop-up.
  const offer = !elder.chosen && reportsLargeFont();
  // After signing in (or coming back online) greet the user by name.
  useDidShow(() => {
    if (!me && !loading) reload();
  });
  return (
    <Screen className='home'>
      <View className='home__banner'>
        <Text className='home__title'>党建引领 红帆启航</Text>
        <Text className='home__sub'>芝罘区社会组织综合党委</Text>
      </View>
      <Text className='home__hello'>{me ? `${me.profile.nickname}，您好！` : '您好！'}</Text>
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
    </Screen>
  );
}
