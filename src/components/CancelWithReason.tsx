import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { newRequestId } from '../services/client';
import { ask, done } from '../services/dialog';
import { messageFor } from '../services/messages';
import './author/author.css';

interface Props {
  /** The button that opens the form (取消本场, 取消活动). */
  openLabel: string;
  /** The form's own button (确认取消本场 …). */
  confirmLabel: string;
  placeholder: string;
  /** How many people are signed up or waiting: they all get the reason. */
  people: number;
  /** The confirmation's title (取消这场课？). */
  question: string;
  /** Said when it is done (这场课已取消). */
  doneText: string;
  /** Cancels with the reason, under one request id per cancelling intent (a retry after a lost reply cancels once). */
  cancel: (reason: string, requestId: string) => Promise<unknown>;
  onDone: () => void;
}

/** Cancelling something people signed up for: why (everyone signed up or waiting receives it), then a confirmation. */
export function CancelWithReason({ openLabel, confirmLabel, placeholder, people, question, doneText, cancel, onDone }: Props) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [requestId, setRequestId] = useState(newRequestId);
  if (!open) {
    return (
      <Button className='btn-secondary author-session__btn' onClick={() => setOpen(true)}>
        {openLabel}
      </Button>
    );
  }
  const submit = async () => {
    if (busy) return;
    if (reason.trim().length < 2) return setError('请写明取消原因，至少2个字');
    const ok = await ask({
      title: question,
      content: people > 0 ? `已报名和候补的${people}人都会收到取消消息和原因。` : '目前还没有人报名。',
      confirmText: '确认取消',
      cancelText: '再想想',
      danger: true,
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    try {
      await cancel(reason.trim(), requestId);
      done(doneText);
      setOpen(false);
      onDone();
    } catch (e) {
      setRequestId(newRequestId());
      setError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='author-cancel shift-form'>
      <Text className='field__label'>取消原因（报名的人会收到）</Text>
      <Textarea className='field__textarea author-cancel__input' value={reason} maxlength={100} placeholder={placeholder} aria-label='取消原因' onInput={(e) => setReason(e.detail.value)} />
      {error ? (
        <View role='alert'>
          <Text className='form-error'>{error}</Text>
        </View>
      ) : null}
      <View className='author-cancel__actions'>
        <Button className='btn-secondary author-cancel__btn' onClick={() => setOpen(false)}>
          不取消了
        </Button>
        <Button className={`btn-primary author-cancel__btn ${busy ? 'is-disabled' : ''}`} onClick={() => void submit()}>
          {busy ? '正在取消…' : confirmLabel}
        </Button>
      </View>
    </View>
  );
}
