import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** 操作记录 (placeholder: being built for issue #13). */
export default function AdminAuditPage() {
  return (
    <Screen>
      <Text>操作记录</Text>
    </Screen>
  );
}
