import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { CodeCounts, RotatingCode } from '../../../../components/RotatingCode';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { phoneToday, shiftDay, timeRange } from '../../../../components/steward/format';
import { useCodeScreenShown } from '../../../../hooks/useRotatingCode';
import { useStewardCode } from '../../../../hooks/useStewardCode';
import { routes } from '../../../../services/routes';
import '../../../../components/steward/steward.css';

/**
 * The manager's phone, held up for volunteers to scan or read from a metre away: a QR code and the six digits, very
 * large. This is the one page whose content changes by itself — the code rotates every 30 seconds and the page fetches
 * the next one when it expires. It is the manager's display for others to read, not a timed interaction for the person
 * holding it: nothing here asks them to act before a deadline.
 */
export default function StewardCodePage() {
  const { params } = useRouter();
  const shiftId = params.shiftId || undefined;
  const visible = useCodeScreenShown();
  const code = useStewardCode(shiftId, visible);

  const data = code.data;
  return (
    <Screen className='shift-code'>
      <StateView loading={code.loading} error={code.error} empty={!data} emptyText='没有找到这个班次的签到码' onRetry={code.reload}>
        {data ? (
          <View>
            <RotatingCode title={data.shift.title} code={data.code.code} qr={data.code.qr}>
              <Text className='shift-code__when'>
                {shiftDay(data.shift.start, phoneToday())} <Text className='nowrap'>{timeRange(data.shift.start, data.shift.end)}</Text>
              </Text>
            </RotatingCode>
            <CodeCounts
              counts={[
                { value: String(data.checkedIn), label: '已签到（人）' },
                { value: String(data.checkedOut), label: '已签退（人）' },
              ]}
            />
            <View className='card'>
              <Text className='section-title'>怎么用</Text>
              <Text className='roster-head__line'>1. 请志愿者在「我的服务」里点「签到」或「签退」。</Text>
              <Text className='roster-head__line'>2. 扫上面的二维码，或者输入6位数字。</Text>
              <Text className='roster-head__line'>3. 号码会自己更换，请不要截图发到群里。</Text>
            </View>
            <Button className='btn-secondary' onClick={() => void Taro.navigateTo({ url: routes.stewardRoster(data.shift.id) })}>
              查看报名名单
            </Button>
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
