import { View } from '@tarojs/components';
import { useElderMode } from '../hooks/useElderMode';

interface Props {
  /** The page's own classes (besides `page`). */
  className?: string;
  children: React.ReactNode;
}

/**
 * The root of every page. It carries the `elder` class in 长辈版, which switches the design tokens of app.css (type
 * sizes, line height, tap-target sizes) for everything inside, so no page has sizes of its own to forget.
 * (tests/unit/screens.test.ts checks that every page's root is a Screen.)
 */
export function Screen({ className, children }: Props) {
  const { on } = useElderMode();
  return <View className={`page ${on ? 'elder' : ''} ${className ?? ''}`}>{children}</View>;
}
