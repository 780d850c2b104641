import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** 社会组织 (placeholder: being built for issue #13). */
export default function OrgListPage() {
  return (
    <Screen>
      <Text>社会组织</Text>
    </Screen>
  );
}
