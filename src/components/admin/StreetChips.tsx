import { View } from '@tarojs/components';
import { Chip } from '../VenueFilters';
import type { Street } from './AdminGate';
import '../chips.css';

/** District admins narrow a list to one street (全部 first); street admins see only their street and no chips. */
export function StreetChips({ streets, value, onChange }: { streets: Street[]; value: string | undefined; onChange: (id: string | undefined) => void }) {
  return (
    <View className='chips admin-streets' role='tablist' aria-label='街道'>
      <Chip on={!value} label='全部街道' onTap={() => onChange(undefined)} />
      {streets.map((s) => (
        <Chip key={s.id} on={value === s.id} label={s.name} onTap={() => onChange(s.id)} />
      ))}
    </View>
  );
}
