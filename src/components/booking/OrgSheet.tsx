import { Text, View } from '@tarojs/components';
import { Sheet } from './Sheet';
import './booking.css';

interface Props {
  organizations: Array<{ id: string; name: string }>;
  selectedId: string | null;
  onPick: (id: string | null) => void;
  onClose: () => void;
}

export const PERSONAL_LABEL = '个人预约（不以组织名义）';

/** Big rows instead of a picker wheel: easier to read and to hit. */
export function OrgSheet({ organizations, selectedId, onPick, onClose }: Props) {
  const options = [{ id: null, name: PERSONAL_LABEL }, ...organizations];
  return (
    <Sheet title='以谁的名义预约' onClose={onClose}>
      <Text className='sheet__note'>以组织名义预约，需要管理员审核。</Text>
      <View role='radiogroup'>
        {options.map((o) => {
          const on = o.id === selectedId;
          return (
            <View
              key={o.id ?? 'personal'}
              className={`option ${on ? 'option--on' : ''}`}
              role='radio'
              aria-checked={on}
              onClick={() => onPick(o.id)}
            >
              <Text className='option__name'>{o.name}</Text>
              <Text className='option__mark'>{on ? '✓ 已选' : ''}</Text>
            </View>
          );
        })}
      </View>
    </Sheet>
  );
}
