import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** 编辑组织信息 (placeholder: being built for issue #13). */
export default function OrgEditPage() {
  return (
    <Screen>
      <Text>编辑组织信息</Text>
    </Screen>
  );
}
