import { Button, Text, View } from '@tarojs/components';
import './StateView.css';

interface Props {
  loading: boolean;
  error: string | null;
  empty: boolean;
  emptyText: string;
  onRetry: () => void;
  children: React.ReactNode;
}

/** Loading, error (with a big retry button) and empty states, the same on every page. */
export function StateView({ loading, error, empty, emptyText, onRetry, children }: Props) {
  if (error) {
    return (
      <View className='state state--error'>
        <Text className='state__text'>{error}</Text>
        <Button className='state__retry' onClick={onRetry}>
          重新加载
        </Button>
      </View>
    );
  }
  if (loading && empty) {
    return (
      <View className='state state--loading'>
        <Text className='state__text'>正在加载，请稍候…</Text>
      </View>
    );
  }
  if (empty) {
    return (
      <View className='state state--empty'>
        <Text className='state__text'>{emptyText}</Text>
      </View>
    );
  }
  return <>{children}</>;
}
