import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { CodeCounts, RotatingCode } from '../../../../components/RotatingCode';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { queryValue } from '../../../../components/booking/params';
import { phoneToday, shiftDay, timeRange } from '../../../../components/steward/format';
import { useActivityCode } from '../../../../hooks/useOrganizer';
import { useCodeScreenShown } from '../../../../hooks/useRotatingCode';
import { routes } from '../../../../services/routes';
import '../../../../components/steward/steward.css';
import '../../../../components/author/author.css';

/**
 * 活动签到码: the organiser's phone, held up at the door for people to scan or read — a QR code and the six digits,
 * very large, with how many have a place, are waiting and have checked in. The code rotates every 30 seconds and the
 * page fetches the next one by itself (the organiser's display for others, not a timed interaction for its holder).
 */
export default function OrganizerCodePage() {
  const { params } = useRouter();
  const activityId = queryValue(params.activityId) || undefined;
  const visible = useCodeScreenShown();
  const code = useActivityCode(activityId, visible);

  const data = code.data;
  return (
    <Screen className='shift-code author-code'>
      <StateView loading={code.loading && !data} error={code.error} empty={!data} emptyText='没有找到这个活动的签到码' onRetry={code.reload}>
        {data ? (
          <View>
            <RotatingCode title={data.title} code={data.code} qr={data.qr}>
              <Text className='shift-code__when'>
                {shiftDay(data.start, phoneToday())} <Text className='nowrap'>{timeRange(data.start, data.end)}</Text>
              </Text>
              <Text className='shift-code__when'>{data.placeName}</Text>
            </RotatingCode>
            <CodeCounts
              className='author-code__counts'
              counts={[
                { value: `${data.checkedIn}人`, label: '已签到' },
                { value: `${data.confirmed}人`, label: '已报名' },
                { value: `${data.waiting}人`, label: '候补中' },
              ]}
            />
            <View className='card'>
              <Text className='section-title'>怎么用</Text>
              <Text className='roster-head__line'>1. 活动开始前30分钟到活动结束都可以签到。</Text>
              <Text className='roster-head__line'>2. 请大家在「我的活动」里点「签到」，扫上面的二维码或输入6位数字。</Text>
              <Text className='roster-head__line'>3. 号码会自己更换，请不要截图发到群里。</Text>
            </View>
            <Button className='btn-secondary' onClick={() => void Taro.navigateTo({ url: routes.organizerRoster(data.activityId) })}>
              查看报名名单
            </Button>
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
