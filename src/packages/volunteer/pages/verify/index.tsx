import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Screen } from '../../../../components/Screen';
import { queryValue } from '../../../../components/booking/params';
import { certificateDate } from '../../../../components/volunteer/certificate-format';
import { CallError } from '../../../../services/client';
import { messageFor } from '../../../../services/messages';
import { hoursText, volunteerService, type VerifiedCertificate } from '../../../../services/volunteer';
import '../../../../components/volunteer/volunteer.css';
import './index.css';

/** 查验证明: anyone types a certificate number and sees the masked name, hours, period and issue date. */
export default function VolunteerVerifyPage() {
  const { params } = useRouter();
  const [number, setNumber] = useState(queryValue(params.number) ?? '');
  const [result, setResult] = useState<VerifiedCertificate | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async (value: string) => {
    const n = value.trim().toUpperCase();
    setResult(null);
    setProblem(null);
    if (!/^[A-Z0-9-]{6,32}$/.test(n)) return setProblem('请输入证明上的编号（字母、数字和短横线）');
    setBusy(true);
    try {
      setResult(await volunteerService.verify(n));
    } catch (e) {
      setProblem(e instanceof CallError && e.code === 'CERTIFICATE.NOT_FOUND' ? '没有找到这个证明编号。请核对证明上的编号后再查。' : messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (number) void check(number);
    // Only the number the page was opened with.
  }, []);

  return (
    <Screen className='volunteer-verify'>
      <View className='card'>
        <Text className='section-title'>查验志愿服务记录证明</Text>
        <View className='v-field'>
          <Text className='v-field__label'>证明编号</Text>
          <Input className='v-field__input' value={number} maxlength={32} placeholder='证明上的编号' aria-label='证明编号' onInput={(e) => setNumber(e.detail.value)} />
        </View>
        <Button className={`btn-primary v-main ${busy ? 'is-disabled' : ''}`} onClick={() => void check(number)}>
          {busy ? '正在查验…' : '查验'}
        </Button>
      </View>
      {problem ? (
        <View className='v-error' role='alert'>
          <Text>{problem}</Text>
        </View>
      ) : null}
      {result ? (
        <View className='card verify__result' role='status'>
          <Text className='verify__ok'>✓ 证明真实有效</Text>
          <View className='verify__row'>
            <Text className='verify__key'>姓名</Text>
            <Text className='verify__value'>{result.name}</Text>
          </View>
          <View className='verify__row'>
            <Text className='verify__key'>服务时长</Text>
            <Text className='verify__value'>{hoursText(result.totalHours)}小时</Text>
          </View>
          <View className='verify__row'>
            <Text className='verify__key'>服务时间</Text>
            <Text className='verify__value'>
              {certificateDate(result.periodFrom)}至{certificateDate(result.periodTo)}
            </Text>
          </View>
          <View className='verify__row'>
            <Text className='verify__key'>开具日期</Text>
            <Text className='verify__value'>{certificateDate(result.issuedAt)}</Text>
          </View>
          <View className='verify__row'>
            <Text className='verify__key'>编号</Text>
            <Text className='verify__value'>{result.number}</Text>
          </View>
        </View>
      ) : null}
    </Screen>
  );
}
