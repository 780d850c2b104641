import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { QrCode } from './QrCode';
import './steward/steward.css';

interface Props {
  title: string;
  /** When and where, under the title. */
  children?: ReactNode;
  /** The six digits. */
  code: string;
  /** The QR code's payload. */
  qr: string;
}

/**
 * A rotating check-in code as the organiser's phone shows it, held up for others to scan or read from a metre away:
 * what it is for, a QR code and the six digits, very large (a shift's, a course session's, an activity's).
 */
export function RotatingCode({ title, children, code, qr }: Props) {
  const spoken = code.split('').join(' ');
  return (
    <View className='card shift-code__card'>
      <Text className='shift-code__title'>{title}</Text>
      {children}
      <View className='shift-code__qr'>
        <QrCode value={qr} size={232} label={`签到二维码，签到码 ${spoken}`} />
      </View>
      <Text className='shift-code__label'>签到码</Text>
      <View className='shift-code__digits' aria-label={`签到码 ${spoken}`} data-code={code}>
        {code.split('').map((d, i) => (
          <Text key={i} className='shift-code__digit'>
            {d}
          </Text>
        ))}
      </View>
      <Text className='shift-code__valid'>每30秒自动换新号码，不用手动刷新</Text>
    </View>
  );
}

/** The counts beside a code (已签到 …), each a big number over its label. */
export function CodeCounts({ counts, className = '' }: { counts: Array<{ value: string; label: string }>; className?: string }) {
  return (
    <View className={`shift-code__counts ${className}`.trim()}>
      {counts.map((c) => (
        <View key={c.label} className='card shift-code__count'>
          <Text className='shift-code__count-num'>{c.value}</Text>
          <Text className='shift-code__count-label'>{c.label}</Text>
        </View>
      ))}
    </View>
  );
}
