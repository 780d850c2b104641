import { useMemo } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { darkRuns, QR_QUIET_ZONE, qrModules } from './qr';
import './QrCode.css';

interface Props {
  /** What the code holds: a short string, e.g. six digits. */
  value: string;
  /** Width and height in design px (as in the stylesheets), quiet zone included; rounded down to whole modules. */
  size?: number;
  /** What a screen reader says, e.g. '签到码 1 2 3 4 5 6 的二维码'. */
  label: string;
  className?: string;
}

/**
 * A QR code drawn with Views — one row per module row, one View per run of dark modules — so it looks the same in the
 * weapp and in H5 without a canvas. Black on white with a quiet zone of QR_QUIET_ZONE modules.
 */
export function QrCode({ value, size = 200, label, className }: Props) {
  // Each dark run as the light gap before it and its length, in modules.
  const rows = useMemo(
    () =>
      qrModules(value).map((row) => {
        let end = 0;
        return darkRuns(row).map(([x, length]) => {
          const gap = x - end;
          end = x + length;
          return { x, gap, length };
        });
      }),
    [value],
  );
  const cells = rows.length + 2 * QR_QUIET_ZONE;
  const unit = Math.max(2, Math.floor(size / cells));
  const px = (modules: number) => Taro.pxTransform(modules * unit);
  return (
    <View
      className={`qr-code ${className ?? ''}`}
      role='img'
      aria-label={label}
      style={{ width: px(cells), height: px(cells), padding: px(QR_QUIET_ZONE) }}
    >
      {rows.map((runs, y) => (
        <View key={y} className='qr-code__row' style={{ height: px(1) }}>
          {runs.map(({ x, gap, length }) => (
            <View key={x} className='qr-code__dark' style={{ marginLeft: px(gap), width: px(length) }} />
          ))}
        </View>
      ))}
    </View>
  );
}
