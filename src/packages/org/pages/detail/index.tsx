import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** 组织详情 (placeholder: being built for issue #13). */
export default function OrgDetailPage() {
  return (
    <Screen>
      <Text>组织详情</Text>
    </Screen>
  );
}
