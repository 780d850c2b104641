import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** 编辑场地 (placeholder: being built for issue #13). */
export default function AdminVenueEditPage() {
  return (
    <Screen>
      <Text>编辑场地</Text>
    </Screen>
  );
}
