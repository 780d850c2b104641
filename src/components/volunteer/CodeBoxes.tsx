import { Input, Text, View } from '@tarojs/components';
import './volunteer.css';

interface Props {
  value: string;
  onChange: (digits: string) => void;
  /** What a screen reader calls the box, e.g. '签到码'. */
  label: string;
  focus?: boolean;
}

/**
 * Six big boxes for the six digits (elderly volunteers type the code): one real number input lies over the boxes,
 * so a tap anywhere on them brings up the number keyboard; the boxes show what was typed and where the next digit goes.
 */
export function CodeBoxes({ value, onChange, label, focus = false }: Props) {
  const digits = value.split('');
  return (
    <View className='code-boxes'>
      <View className='code-boxes__row' aria-hidden>
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <View key={i} className={`code-boxes__box ${i === digits.length ? 'code-boxes__box--next' : ''} ${digits[i] ? 'code-boxes__box--filled' : ''}`}>
            <Text className='code-boxes__digit'>{digits[i] ?? ''}</Text>
          </View>
        ))}
      </View>
      <Input
        className='code-boxes__input'
        type='number'
        maxlength={6}
        value={value}
        focus={focus}
        // The input's accessible name (Taro's H5 Input puts aria-* on its host element, where it is not allowed);
        // never seen: the input is transparent over the boxes.
        placeholder={label}
        onInput={(e) => {
          const next = e.detail.value.replace(/\D/g, '').slice(0, 6);
          onChange(next);
          return next;
        }}
      />
    </View>
  );
}
