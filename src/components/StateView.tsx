import { Button, Text, View } from '@tarojs/components';
import './StateView.css';

interface Props {
  loading: boolean;
  error: string | null;
  empty: boolean;
  emptyText: string;
  onRetry: () => void;
  /** Optional way out of an empty state, e.g. 「查看全部场地」 when a filter matched nothing. */
  emptyAction?: { label: string; onTap: () => void };
  children: React.ReactNode;
}

/** Loading (spinner), error (with a big retry button) and empty states, the same on every page. */
export function StateView({ loading, error, empty, emptyText, onRetry, emptyAction, children }: Props) {
  if (error) {
    return (
      <View className='state state--error' role='alert'>
        <View className='state__icon' aria-hidden>
          <Text>!</Text>
        </View>
        <Text className='state__text'>{error}</Text>
        <Button className='btn-primary state__button' onClick={onRetry}>
          重新加载
        </Button>
      </View>
    );
  }
  if (loading && empty) {
    return (
      <View className='state state--loading' role='status'>
        <View className='state__spinner' aria-hidden />
        <Text className='state__text'>正在加载，请稍候…</Text>
      </View>
    );
  }
  if (empty) {
    return (
      <View className='state state--empty'>
        <Text className='state__text'>{emptyText}</Text>
        {emptyAction ? (
          <Button className='btn-secondary state__button' onClick={emptyAction.onTap}>
            {emptyAction.label}
          </Button>
        ) : null}
      </View>
    );
  }
  // Reloading over data already shown (e.g. a new filter): keep it, dimmed, so nothing jumps.
  return <View className={loading ? 'state__stale' : ''}>{children}</View>;
}
