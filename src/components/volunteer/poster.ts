import Taro from '@tarojs/taro';
import type { Certificate } from '../../../types';
import { hoursText } from '../../services/volunteer';
import { certificateDate } from './certificate-format';

export const POSTER_CANVAS_ID = 'certificate-poster';
export const POSTER_WIDTH = 600;
export const POSTER_HEIGHT = 840;

/** The drawing calls the poster needs (WeChat's CanvasContext; a test passes a recorder). */
export interface PosterContext {
  setFillStyle(color: string): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  setStrokeStyle(color: string): void;
  setLineWidth(w: number): void;
  strokeRect(x: number, y: number, w: number, h: number): void;
  setFontSize(size: number): void;
  setTextAlign(align: 'left' | 'center' | 'right'): void;
  fillText(text: string, x: number, y: number): void;
  draw(reserve?: boolean, callback?: () => void): void;
}

/** Draws the 志愿服务记录证明 onto the canvas context (600 × 840 px), then calls draw. */
export function drawPoster(ctx: PosterContext, cert: Certificate): Promise<void> {
  const W = POSTER_WIDTH;
  const H = POSTER_HEIGHT;
  ctx.setFillStyle('#fffaf3');
  ctx.fillRect(0, 0, W, H);
  ctx.setStrokeStyle('#c8161d');
  ctx.setLineWidth(8);
  ctx.strokeRect(20, 20, W - 40, H - 40);
  ctx.setLineWidth(2);
  ctx.strokeRect(36, 36, W - 72, H - 72);
  ctx.setTextAlign('center');
  ctx.setFillStyle('#c8161d');
  ctx.setFontSize(44);
  ctx.fillText('志愿服务记录证明', W / 2, 130);
  ctx.setFillStyle('#1f1f1f');
  ctx.setFontSize(30);
  ctx.fillText(`兹证明 ${cert.name} 同志`, W / 2, 220);
  ctx.setFontSize(26);
  ctx.fillText(`${certificateDate(cert.periodFrom)} 至 ${certificateDate(cert.periodTo)}`, W / 2, 280);
  ctx.fillText('在芝罘区创益红帆站参加志愿服务', W / 2, 326);
  ctx.setFillStyle('#a3141a');
  ctx.setFontSize(56);
  ctx.fillText(`累计 ${hoursText(cert.totalHours)} 小时`, W / 2, 420);
  ctx.setFillStyle('#333333');
  ctx.setFontSize(22);
  cert.stations.slice(0, 4).forEach((s, i) => ctx.fillText(s, W / 2, 490 + i * 34));
  ctx.setFontSize(24);
  ctx.fillText(cert.issuer, W / 2, 660);
  ctx.fillText(`开具日期：${certificateDate(cert.issuedAt)}`, W / 2, 700);
  ctx.setFontSize(20);
  ctx.fillText(`证明编号：${cert.number}`, W / 2, 752);
  ctx.fillText('在「红帆」小程序 我的 → 志愿服务 → 查验证明 输入编号可查验', W / 2, 786);
  return new Promise((resolve) => ctx.draw(false, () => resolve()));
}

/** What came of saving the poster. */
export type SaveOutcome = 'saved' | 'refused' | 'failed';

/** Draws the poster on the page's canvas and saves it to the phone's album (weapp). */
export async function savePosterToAlbum(cert: Certificate, page: unknown): Promise<SaveOutcome> {
  const ctx = Taro.createCanvasContext(POSTER_CANVAS_ID, page as never) as unknown as PosterContext;
  await drawPoster(ctx, cert);
  let filePath: string;
  try {
    const file = await Taro.canvasToTempFilePath(
      { canvasId: POSTER_CANVAS_ID, x: 0, y: 0, width: POSTER_WIDTH, height: POSTER_HEIGHT, destWidth: POSTER_WIDTH * 2, destHeight: POSTER_HEIGHT * 2, fileType: 'png' },
      page as never,
    );
    filePath = file.tempFilePath;
  } catch {
    return 'failed';
  }
  try {
    await Taro.saveImageToPhotosAlbum({ filePath });
    return 'saved';
  } catch (e) {
    const msg = (e as { errMsg?: string } | undefined)?.errMsg ?? '';
    return /auth|deny|denied|permission/i.test(msg) ? 'refused' : 'failed';
  }
}
