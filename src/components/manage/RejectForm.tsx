import { Button, Text, Textarea, View } from '@tarojs/components';
import './manage.css';

/** Reasons managers give most often; one tap fills the box, which they may still edit. */
export const QUICK_REJECT_REASONS = ['当天已有活动安排', '人数超出场地容量', '用途不符合场地要求', '场地临时维修'] as const;

interface Props {
  reason: string;
  onReasonChange: (reason: string) => void;
  error: string | null;
  busy: boolean;
  onSubmit: () => void;
  onCancel: () => void;
}

/** Why a booking is not approved: required, at least two characters; the resident receives it as written. */
export function RejectForm({ reason, onReasonChange, error, busy, onSubmit, onCancel }: Props) {
  return (
    <View className='reject'>
      <Text className='reject__title'>不通过的原因（预约人会收到）</Text>
      <View className='reject__quick'>
        {QUICK_REJECT_REASONS.map((r) => (
          <View key={r} className={`reject__chip ${reason === r ? 'reject__chip--on' : ''}`} role='button' onClick={() => onReasonChange(r)}>
            <Text>{r}</Text>
          </View>
        ))}
      </View>
      <Textarea
        className='reject__input'
        value={reason}
        maxlength={200}
        placeholder='也可以自己写原因，至少2个字'
        placeholderClass='reject__placeholder'
        aria-label='不通过的原因'
        onInput={(e) => onReasonChange(e.detail.value)}
      />
      {error ? (
        <View className='reject__error' role='alert'>
          <Text>{error}</Text>
        </View>
      ) : null}
      <View className='reject__actions'>
        <Button className='btn-secondary reject__cancel' onClick={onCancel}>
          取消
        </Button>
        <Button className={`btn-primary reject__submit ${busy ? 'is-disabled' : ''}`} onClick={() => !busy && onSubmit()}>
          {busy ? '正在提交…' : '确认不通过'}
        </Button>
      </View>
    </View>
  );
}
