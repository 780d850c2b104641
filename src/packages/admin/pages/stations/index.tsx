import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** 红帆站管理 (placeholder: being built for issue #13). */
export default function AdminStationsPage() {
  return (
    <Screen>
      <Text>红帆站管理</Text>
    </Screen>
  );
}
