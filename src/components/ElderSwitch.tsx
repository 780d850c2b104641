import { Text, View } from '@tarojs/components';
import { useElderMode } from '../hooks/useElderMode';
import './ElderSwitch.css';

/**
 * The 长辈版 switch (首页 and 我的): one large row that says in words whether it is on, never by colour alone.
 */
export function ElderSwitch() {
  const { on, set } = useElderMode();
  return (
    <View
      className={`card elder-switch ${on ? 'elder-switch--on' : ''}`}
      role='switch'
      aria-checked={on}
      aria-label='长辈版：字更大、按钮更大'
      onClick={() => set(!on)}
    >
      <View className='elder-switch__body'>
        <Text className='elder-switch__title'>长辈版</Text>
        <Text className='elder-switch__desc'>字更大、按钮更大</Text>
      </View>
      <View className='elder-switch__state' aria-hidden>
        {on ? <Text className='elder-switch__mark'>✓</Text> : null}
        <Text className='elder-switch__word'>{on ? '已开启' : '未开启'}</Text>
      </View>
    </View>
  );
}
