import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function StewardRosterPage() {
  return (
    <Screen className='steward-roster'>
      <Text>报名名单</Text>
    </Screen>
  );
}
