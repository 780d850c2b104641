import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import { QrCode } from '../../../../components/QrCode';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { phoneToday, shiftDay, timeRange } from '../../../../components/steward/format';
import { queryValue } from '../../../../components/booking/params';
import { useSessionCode } from '../../../../hooks/useAuthor';
import '../../../../components/steward/steward.css';
import '../../../../components/author/author.css';

const keepScreenOn = (on: boolean) => {
  // Held up at the classroom door for the whole check-in: the phone must not go dark meanwhile (weapp only).
  if (process.env.TARO_ENV === 'weapp') Taro.setKeepScreenOn({ keepScreenOn: on }).catch(() => undefined);
};

/**
 * The organiser's phone, held up for the class to scan or read: a QR code and the six digits, very large, with how many
 * are enrolled, waiting and checked in. The code rotates every 30 seconds and the page fetches the next one by itself;
 * it is the organiser's display for others to read, not a timed interaction for the person holding it.
 */
export default function AuthorSessionCodePage() {
  const { params } = useRouter();
  const sessionId = queryValue(params.sessionId) || undefined;
  const [visible, setVisible] = useState(true);
  const code = useSessionCode(sessionId, visible);
  useDidShow(() => {
    keepScreenOn(true);
    setVisible(true);
  });
  useDidHide(() => {
    keepScreenOn(false);
    setVisible(false);
  });

  const data = code.data;
  const digits = data?.code ?? '';
  const spoken = digits.split('').join(' ');
  return (
    <Screen className='shift-code author-code'>
      <StateView loading={code.loading && !data} error={code.error} empty={!data} emptyText='没有找到这场课的签到码' onRetry={code.reload}>
        {data ? (
          <View>
            <View className='card shift-code__card'>
              <Text className='shift-code__title'>《{data.courseTitle}》</Text>
              <Text className='shift-code__when'>
                {shiftDay(data.start, phoneToday())} <Text className='nowrap'>{timeRange(data.start, data.end)}</Text>
              </Text>
              <Text className='shift-code__when'>{data.place}</Text>
              <View className='shift-code__qr'>
                <QrCode value={data.qr} size={232} label={`签到二维码，签到码 ${spoken}`} />
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
            <View className='shift-code__counts author-code__counts'>
              <View className='card shift-code__count'>
                <Text className='shift-code__count-num'>{`${data.checkedIn}人`}</Text>
                <Text className='shift-code__count-label'>已签到</Text>
              </View>
              <View className='card shift-code__count'>
                <Text className='shift-code__count-num'>{`${data.enrolled}人`}</Text>
                <Text className='shift-code__count-label'>已报名</Text>
              </View>
              <View className='card shift-code__count'>
                <Text className='shift-code__count-num'>{`${data.waiting}人`}</Text>
                <Text className='shift-code__count-label'>候补中</Text>
              </View>
            </View>
            <View className='card'>
              <Text className='section-title'>怎么用</Text>
              <Text className='roster-head__line'>1. 开课前15分钟到开课后15分钟可以签到。</Text>
              <Text className='roster-head__line'>2. 请学员在「我的课程」里点「签到」，扫上面的二维码或输入6位数字。</Text>
              <Text className='roster-head__line'>3. 号码会自己更换，请不要截图发到群里。</Text>
            </View>
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
