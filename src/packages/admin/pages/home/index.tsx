import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** 管理后台 (placeholder: being built for issue #13). */
export default function AdminHomePage() {
  return (
    <Screen>
      <Text>管理后台</Text>
    </Screen>
  );
}
