import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { StateView } from '../../components/StateView';
import { useMe } from '../../hooks/useMe';
import { roleLabels } from '../../services/labels';
import { LOGIN_PAGE, needsLocalSignIn } from '../../services/session';
import './index.css';

export default function MePage() {
  const { data: me, loading, error, reload } = useMe();
  useDidShow(() => {
    if (me) reload();
  });
  return (
    <View className='page me'>
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
      {needsLocalSignIn ? (
        <Button className='btn-secondary me__switch' onClick={() => void Taro.navigateTo({ url: LOGIN_PAGE })}>
          切换账号（本地体验）
        </Button>
      ) : null}
    </View>
  );
}
