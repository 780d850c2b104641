import { Button, Input, Text, View } from '@tarojs/components';
import './booking.css';

interface Props {
  value: number | null;
  min: number;
  max: number;
  onChange: (value: number | null) => void;
  label: string;
}

/** A number with big − and + buttons; the number can also be typed. `null` while the field is empty. */
export function Stepper({ value, min, max, onChange, label }: Props) {
  const step = (delta: number) => onChange(Math.min(max, Math.max(min, (value ?? 0) + delta)));
  const atMin = value !== null && value <= min;
  const atMax = value !== null && value >= max;
  return (
    <View className='stepper'>
      <Button className={`stepper__btn ${atMin ? 'is-disabled' : ''}`} aria-label={`${label}减1`} onClick={() => !atMin && step(-1)}>
        <Text className='stepper__sign'>−</Text>
      </Button>
      <Input
        className='stepper__input'
        type='number'
        maxlength={5}
        value={value === null ? '' : String(value)}
        aria-label={label}
        nativeProps={{ 'aria-label': label }}
        onInput={(e) => {
          const digits = e.detail.value.replace(/\D/g, '');
          onChange(digits ? Number(digits) : null);
        }}
      />
      <Button className={`stepper__btn ${atMax ? 'is-disabled' : ''}`} aria-label={`${label}加1`} onClick={() => !atMax && step(1)}>
        <Text className='stepper__sign'>+</Text>
      </Button>
    </View>
  );
}
