import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Booking } from '../../../types/venue';
import { messageFor } from '../../services/messages';
import { venueService } from '../../services/venue';
import { Sheet } from './Sheet';
import './booking.css';

interface Props {
  booking: Booking;
  onClose: () => void;
  onCheckedIn: (b: Booking) => void;
}

/** 我已到场签到: type (or, in WeChat, scan) the six-digit code posted at the venue today. */
export function CheckInSheet({ booking, onClose, onCheckedIn }: Props) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (value: string) => {
    if (busy) return;
    if (!/^\d{6}$/.test(value)) return setError('请输入6位数字签到码');
    setBusy(true);
    setError(null);
    try {
      onCheckedIn(await venueService.checkIn(booking.venueId, value));
    } catch (e) {
      setError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'barCode'] });
      const digits = /\d{6}/.exec(res.result)?.[0];
      if (!digits) return setError('没有识别出6位签到码，请直接输入数字');
      setCode(digits);
      await submit(digits);
    } catch {
      /* closed the camera: nothing to say */
    }
  };

  return (
    <Sheet title='到场签到' onClose={onClose}>
      <Text className='sheet__lead'>{booking.venueName}</Text>
      <Text className='sheet__note'>请输入场地门口张贴的6位签到码。</Text>
      <Input
        className='code-input'
        type='number'
        maxlength={6}
        value={code}
        placeholder='6位数字'
        aria-label='场地签到码'
        onInput={(e) => setCode(e.detail.value.replace(/\D/g, '').slice(0, 6))}
      />
      {error ? (
        <View className='form-error' role='alert'>
          <Text>{error}</Text>
        </View>
      ) : null}
      <Button className={`btn-primary sheet__submit ${busy ? 'is-disabled' : ''}`} onClick={() => void submit(code)}>
        {busy ? '正在签到…' : '确认签到'}
      </Button>
      {process.env.TARO_ENV === 'weapp' ? (
        <View className='sheet__more'>
          <Button className='btn-secondary' onClick={() => void scan()}>
            扫码签到
          </Button>
        </View>
      ) : null}
    </Sheet>
  );
}
