import { Text } from '@tarojs/components';
import { Screen } from '../../../../components/Screen';

/** STUB: to be built. */
export default function VolunteerLeaderboardPage() {
  return (
    <Screen className='volunteer-leaderboard'>
      <Text>服务排行</Text>
    </Screen>
  );
}
