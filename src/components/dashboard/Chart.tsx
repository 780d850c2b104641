import { useEffect } from 'react';
import { Canvas, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import UCharts, { type UChartsOptions } from '@qiun/ucharts';

/** What a chart shows; the canvas, its size and pixel ratio are the component's. */
export type ChartSpec = Omit<UChartsOptions, 'context' | 'width' | 'height' | 'pixelRatio' | 'canvas2d'>;

interface Props {
  /** The canvas id (unique on the page). */
  id: string;
  /** CSS height in px. */
  height: number;
  spec: ChartSpec;
  /** Redraw when any of these change (the data, 长辈版). */
  deps: readonly unknown[];
}

interface CanvasNode {
  width: number;
  height: number;
  getContext: (type: '2d') => unknown;
  getBoundingClientRect?: () => { width: number; height: number };
}

const isCanvas = (node: unknown): node is CanvasNode => !!node && typeof (node as CanvasNode).getContext === 'function';

/** The device's pixel ratio (Taro's window info on the weapp and in H5; 2 when unknown). */
function pixelRatio(): number {
  try {
    return Taro.getWindowInfo().pixelRatio || 2;
  } catch {
    return 2;
  }
}

/**
 * The <canvas type="2d"> node and its CSS size: Taro's selector query on the weapp; in H5 Taro 4.2.1 answers the real
 * <canvas> inside taro-canvas-core for a type="2d" canvas (and no size), so the size is read from the element.
 */
function findCanvas(id: string): Promise<{ node: CanvasNode; width: number; height: number } | null> {
  return new Promise((resolve) => {
    let query: ReturnType<typeof Taro.createSelectorQuery> | undefined;
    try {
      query = Taro.createSelectorQuery();
    } catch {
      query = undefined;
    }
    // No selector query here (miniprogram-simulate, an old base library): no chart, the table says it all.
    const ref = query?.select(`#${id}`);
    if (!ref) return resolve(null);
    ref
      .fields({ node: true, size: true })
      .exec((res: Array<{ node?: unknown; width?: number; height?: number } | null> | undefined) => {
        const hit = res?.[0];
        let node = hit?.node;
        if (!isCanvas(node) && process.env.TARO_ENV === 'h5') node = document.querySelector(`#${id} canvas`);
        if (!isCanvas(node)) return resolve(null);
        const box = node.getBoundingClientRect?.();
        const width = hit?.width || box?.width || 0;
        const height = hit?.height || box?.height || 0;
        resolve(width > 0 && height > 0 ? { node, width, height } : null);
      });
  });
}

/**
 * One uCharts chart on a 2d canvas, scaled by the pixel ratio. The canvas is a picture only (aria-hidden): the same
 * numbers are always in the table under it, which is what screen readers and the elderly read. Where no canvas can be
 * had (miniprogram-simulate, an old phone) nothing is drawn and the table still says it all.
 */
export function Chart({ id, height, spec, deps }: Props) {
  useEffect(() => {
    let cancelled = false;
    const draw = async (attempt: number) => {
      const found = await findCanvas(id);
      if (cancelled) return;
      if (!found) {
        // The canvas may not be laid out yet right after the first render.
        if (attempt < 3) setTimeout(() => void draw(attempt + 1), 150 * (attempt + 1));
        return;
      }
      const ratio = pixelRatio();
      const { node, width, height: h } = found;
      node.width = Math.round(width * ratio);
      node.height = Math.round(h * ratio);
      try {
        new UCharts({ ...spec, context: node.getContext('2d'), width: width * ratio, height: h * ratio, pixelRatio: ratio, canvas2d: true, animation: false });
      } catch {
        // A chart that cannot be drawn leaves the table to speak.
      }
    };
    // After Taro has handed the render to the view layer.
    Taro.nextTick(() => void draw(0));
    return () => {
      cancelled = true;
    };
  }, [id, ...deps]);

  return (
    <View className='dash-chart' style={{ height: `${height}px` }} aria-hidden>
      <Canvas type='2d' id={id} canvasId={id} className='dash-chart__canvas' style={{ width: '100%', height: `${height}px` }} />
    </View>
  );
}
