import { Button, Text, View } from '@tarojs/components';
import './booking.css';

interface Props {
  title: string;
  onClose: () => void;
  children: React.ReactNode;
}

/** A panel that slides over the bottom of the page, with a big 关闭 button. Tapping the dimmed area closes it too. */
export function Sheet({ title, onClose, children }: Props) {
  return (
    <View className='sheet' role='dialog' aria-label={title}>
      <View className='sheet__backdrop' onClick={onClose} />
      <View className='sheet__panel'>
        <View className='sheet__head'>
          <Text className='sheet__title'>{title}</Text>
          <Button className='btn-secondary sheet__close' onClick={onClose}>
            关闭
          </Button>
        </View>
        {children}
      </View>
    </View>
  );
}
