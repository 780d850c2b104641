import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function StationMembersPage() {
  return (
    <Screen className='station-members'>
      <Text>站点成员</Text>
    </Screen>
  );
}
