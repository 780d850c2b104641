import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** 数据看板 (placeholder: being built for issue #13). */
export default function DashboardIndexPage() {
  return (
    <Screen>
      <Text>数据看板</Text>
    </Screen>
  );
}
