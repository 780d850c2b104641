import { Button, Input, Text, View } from '@tarojs/components';
import './manage.css';

interface Props {
  code: string;
  onCodeChange: (code: string) => void;
  onSubmit: () => void;
  /** Present where the phone can scan (weapp). */
  onScan?: () => void;
  submitting: boolean;
  error: string | null;
  /** e.g. '王阿姨 已签到（09:00–11:00）' after a success, until the next code is typed. */
  success: string | null;
}

/** The big check-in box: type the six digits the resident shows, or scan them. */
export function CheckInPanel({ code, onCodeChange, onSubmit, onScan, submitting, error, success }: Props) {
  const ready = code.length === 6 && !submitting;
  return (
    <View className='card checkin'>
      <Text className='checkin__title'>签到</Text>
      <Text className='checkin__hint'>请居民出示这次预约的6位签到码，输入后点「确认签到」。</Text>
      <Input
        className='checkin__input'
        type='number'
        maxlength={6}
        value={code}
        placeholder='输入6位签到码'
        placeholderClass='checkin__placeholder'
        confirmType='done'
        aria-label='6位签到码'
        onInput={(e) => {
          const digits = e.detail.value.replace(/\D/g, '').slice(0, 6);
          onCodeChange(digits);
          return digits;
        }}
        onConfirm={() => {
          if (ready) onSubmit();
        }}
      />
      {error ? (
        <View className='checkin__error' role='alert'>
          <Text>{error}</Text>
        </View>
      ) : null}
      {success ? (
        <View className='checkin__success' role='status'>
          <Text>{success}</Text>
        </View>
      ) : null}
      <View className='checkin__actions'>
        <Button className={`btn-primary checkin__submit ${ready ? '' : 'is-disabled'}`} onClick={() => ready && onSubmit()}>
          {submitting ? '正在签到…' : '确认签到'}
        </Button>
        {onScan ? (
          <Button className='btn-secondary checkin__scan' onClick={() => !submitting && onScan()}>
            扫码签到
          </Button>
        ) : null}
      </View>
    </View>
  );
}
