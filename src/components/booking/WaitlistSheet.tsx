import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { Slot } from '../../../types/venue';
import { messageFor } from '../../services/messages';
import { venueService } from '../../services/venue';
import { dateOf, longDate, timeRange } from './format';
import { Sheet } from './Sheet';
import { Stepper } from './Stepper';
import './booking.css';

interface Props {
  venueId: string;
  capacity: number;
  slot: Slot;
  onClose: () => void;
  onJoined: (position: number) => void;
}

/** 排队候补: if the holder cancels, the slot is booked for the first person in the queue, who gets a message. */
export function WaitlistSheet({ venueId, capacity, slot, onClose, onJoined }: Props) {
  const [purpose, setPurpose] = useState('');
  const [attendees, setAttendees] = useState<number | null>(1);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    const p = purpose.trim();
    if (p.length < 2) return setError('请简单写一下用途（至少2个字）');
    if (!attendees || attendees < 1) return setError('请填写人数');
    if (attendees > capacity) return setError(`这个场地最多容纳${capacity}人`);
    setBusy(true);
    setError(null);
    try {
      const { position } = await venueService.joinWaitlist({ venueId, start: slot.start, purpose: p, attendees });
      onJoined(position);
    } catch (e) {
      setError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Sheet title='排队候补' onClose={onClose}>
      <Text className='sheet__lead'>
        {longDate(dateOf(slot.start))} <Text className='nowrap'>{timeRange(slot.start, slot.end)}</Text>
      </Text>
      <Text className='sheet__note'>如果预约的人取消了，系统会按排队先后自动为您预约，并发消息告诉您。</Text>
      <Text className='field__label'>用途</Text>
      <Input
        className='field__input'
        value={purpose}
        maxlength={100}
        placeholder='例如：合唱排练'
        onInput={(e) => setPurpose(e.detail.value)}
      />
      <Text className='field__label'>人数</Text>
      <Stepper value={attendees} min={1} max={capacity} onChange={setAttendees} label='人数' />
      {error ? (
        <View className='form-error' role='alert'>
          <Text>{error}</Text>
        </View>
      ) : null}
      <Button className={`btn-primary sheet__submit ${busy ? 'is-disabled' : ''}`} onClick={() => void submit()}>
        {busy ? '正在提交…' : '确认排队'}
      </Button>
    </Sheet>
  );
}
