import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { CallError, newRequestId } from '../../services/client';
import { ask, done } from '../../services/dialog';
import { messageFor } from '../../services/messages';
import { fieldError } from '../form-fields';
import './admin.css';

interface Props {
  /** 场地 / 红帆站 */
  what: string;
  name: string;
  /** What stopping it means, for the confirmation. */
  effect: string;
  /** The code refusing while there is something in the future, and what that something is (预约 / 服务班次). */
  busyCode: 'VENUE.HAS_BOOKINGS' | 'STATION.HAS_SHIFTS';
  busyWhat: string;
  /** Whom the cancellation tells (预约人 / 报名的志愿者). */
  busyWho: string;
  retire: (reason: string, cancelFuture: boolean, requestId: string) => Promise<unknown>;
  onRetired: () => void;
}

/**
 * 停用: the reason first, then a confirmation; when the place still has bookings (or shifts) ahead, a second
 * confirmation says how many will be cancelled and that their people will be told.
 */
export function Retire({ what, name, effect, busyCode, busyWhat, busyWho, retire, onRetired }: Props) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const go = async () => {
    if (busy) return;
    if (reason.trim().length < 2) return setProblem('请写明停用原因，至少2个字');
    setProblem(null);
    const ok = await ask({ title: `停用这个${what}？`, content: `「${name}」停用后，${effect}。`, confirmText: '停用', cancelText: '不停用', danger: true });
    if (!ok) return;
    setBusy(true);
    try {
      try {
        await retire(reason.trim(), false, newRequestId());
      } catch (e) {
        if (!(e instanceof CallError) || e.code !== busyCode) throw e;
        const n = Number(e.details?.count ?? 0);
        const again = await ask({
          title: `还有${n > 0 ? `${n}个` : ''}${busyWhat}`,
          content: `同时取消${n > 0 ? `${n}个` : '这些'}${busyWhat}并通知${busyWho}？`,
          confirmText: '取消并停用',
          cancelText: '先不停用',
          danger: true,
        });
        if (!again) return;
        await retire(reason.trim(), true, newRequestId());
      }
      done(`${what}已停用`);
      setOpen(false);
      onRetired();
    } catch (e) {
      setProblem(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <Button className='btn-secondary admin-danger' onClick={() => setOpen(true)}>
        停用{what}
      </Button>
    );
  }
  return (
    <View className={`card admin-form ${busy ? 'book__form--busy' : ''}`}>
      <Text className='section-title'>停用{what}</Text>
      <View className={problem ? 'field field--bad' : 'field'}>
        <Text className='field__label'>停用原因（会告诉受影响的人）</Text>
        <Textarea
          className='field__textarea'
          value={reason}
          maxlength={100}
          placeholder='例如：房屋维修，暂停使用'
          aria-label='停用原因'
          onInput={(e) => {
            if (e.detail.value === reason) return;
            setReason(e.detail.value);
            setProblem(null);
          }}
        />
        {fieldError(problem)}
      </View>
      <View className='admin-actions'>
        <Button className={`btn-primary ${busy ? 'is-disabled' : ''}`} onClick={() => void go()}>
          {busy ? '正在停用…' : `确认停用${what}`}
        </Button>
        <Button className='btn-secondary' onClick={() => setOpen(false)}>
          不停用了
        </Button>
      </View>
    </View>
  );
}
