import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** 人员与角色 (placeholder: being built for issue #13). */
export default function AdminPeoplePage() {
  return (
    <Screen>
      <Text>人员与角色</Text>
    </Screen>
  );
}
