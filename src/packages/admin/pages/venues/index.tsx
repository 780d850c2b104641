import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** 场地管理 (placeholder: being built for issue #13). */
export default function AdminVenuesPage() {
  return (
    <Screen>
      <Text>场地管理</Text>
    </Screen>
  );
}
