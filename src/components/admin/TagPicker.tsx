import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import '../chips.css';
import './admin.css';

interface Props {
  label: string;
  /** The usual ones, offered as chips. */
  common: readonly string[];
  value: string[];
  max: number;
  maxLength: number;
  onChange: (next: string[]) => void;
}

/** A chip that is on or off (a checkbox, said with ✓ as well as colour). */
export function ToggleChip({ on, label, onTap }: { on: boolean; label: string; onTap: () => void }) {
  return (
    <View className={`chip ${on ? 'chip--on' : ''}`} role='checkbox' aria-checked={on} onClick={onTap}>
      <Text>{on ? `✓ ${label}` : label}</Text>
    </View>
  );
}

/** Facilities or services: tap the usual ones on and off, or type another and 添加. */
export function TagPicker({ label, common, value, max, maxLength, onChange }: Props) {
  const [other, setOther] = useState('');
  const all = [...common, ...value.filter((v) => !common.includes(v))];
  const toggle = (t: string) => onChange(value.includes(t) ? value.filter((v) => v !== t) : value.length < max ? [...value, t] : value);
  const add = () => {
    const t = other.trim();
    if (!t) return;
    if (!value.includes(t) && value.length < max) onChange([...value, t]);
    setOther('');
  };
  return (
    <View>
      <View className='chips' role='group' aria-label={label}>
        {all.map((t) => (
          <ToggleChip key={t} on={value.includes(t)} label={t} onTap={() => toggle(t)} />
        ))}
      </View>
      <View className='admin-search__row'>
        <Input
          className='field__input admin-search__input'
          value={other}
          maxlength={maxLength}
          placeholder={`其他${label}`}
          aria-label={`其他${label}`}
          nativeProps={{ 'aria-label': `其他${label}` }}
          onInput={(e) => setOther(e.detail.value)}
          onConfirm={add}
        />
        <Button className='btn-secondary admin-search__go' onClick={add}>
          添加
        </Button>
      </View>
    </View>
  );
}
