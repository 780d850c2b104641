import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import { QrCode } from '../../../../components/QrCode';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { phoneToday, shiftDay, timeRange } from '../../../../components/steward/format';
import { useStewardCode } from '../../../../hooks/useStewardCode';
import { routes } from '../../../../services/routes';
import '../../../../components/steward/steward.css';

const keepScreenOn = (on: boolean) => {
  // Held up at the service point for the whole check-in: the phone must not go dark meanwhile (weapp only).
  if (process.env.TARO_ENV === 'weapp') Taro.setKeepScreenOn({ keepScreenOn: on }).catch(() => undefined);
};

/**
 * The manager's phone, held up for volunteers to scan or read from a metre away: a QR code and the six digits, very
 * large. This is the one page whose content changes by itself — the code rotates every 30 seconds and the page fetches
 * the next one when it expires. It is the manager's display for others to read, not a timed interaction for the person
 * holding it: nothing here asks them to act before a deadline.
 */
export default function StewardCodePage() {
  const { params } = useRouter();
  const shiftId = params.shiftId || undefined;
  const [visible, setVisible] = useState(true);
  const code = useStewardCode(shiftId, visible);
  useDidShow(() => {
    keepScreenOn(true);
    setVisible(true);
  });
  useDidHide(() => {
    keepScreenOn(false);
    setVisible(false);
  });

  const data = code.data;
  const digits = data?.code.code ?? '';
  const spoken = digits.split('').join(' ');
  return (
    <Screen className='shift-code'>
      <StateView loading={code.loading} error={code.error} empty={!data} emptyText='没有找到这个班次的签到码' onRetry={code.reload}>
        {data ? (
          <View>
            <View className='card shift-code__card'>
              <Text className='shift-code__title'>{data.shift.title}</Text>
              <Text className='shift-code__when'>
                {shiftDay(data.shift.start, phoneToday())} <Text className='nowrap'>{timeRange(data.shift.start, data.shift.end)}</Text>
              </Text>
              <View className='shift-code__qr'>
                <QrCode value={data.code.qr} size={232} label={`签到二维码，签到码 ${spoken}`} />
              </View>
              <Text className='shift-code__label'>签到码</Text>
              <View className='shift-code__digits' aria-label={`签到码 ${spoken}`} data-code={digits}>
                {digits.split('').map((d, i) => (
                  <Text key={i} className='shift-code__digit'>
                    {d}
                  </Text>
                ))}
              </View>
              <Text className='shift-code__valid'>每30秒自动换新号码，不用手动刷新</Text>
            </View>
            <View className='shift-code__counts'>
              <View className='card shift-code__count'>
                <Text className='shift-code__count-num'>{data.checkedIn}</Text>
                <Text className='shift-code__count-label'>已签到（人）</Text>
              </View>
              <View className='card shift-code__count'>
                <Text className='shift-code__count-num'>{data.checkedOut}</Text>
                <Text className='shift-code__count-label'>已签退（人）</Text>
              </View>
            </View>
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
