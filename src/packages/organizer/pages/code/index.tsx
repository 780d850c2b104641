import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** Placeholder until the page is built (issue #12). */
export default function Page() {
  return (
    <Screen>
      <Text>活动签到码</Text>
    </Screen>
  );
}
