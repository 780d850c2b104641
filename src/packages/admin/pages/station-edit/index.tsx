import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** 编辑红帆站 (placeholder: being built for issue #13). */
export default function AdminStationEditPage() {
  return (
    <Screen>
      <Text>编辑红帆站</Text>
    </Screen>
  );
}
