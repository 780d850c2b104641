import Taro from '@tarojs/taro';
import { elderMode } from './elder';

/**
 * The app's one way to ask and to tell, in its own colours. Taro's H5 dialog defaults to a bright green confirm
 * (#3CC51F on white ≈ 2.3:1, unreadable for many): every button here is ≥ 4.5:1 on white. No dialog appears unasked
 * except to confirm an action or report its outcome, and nothing vanishes on a timer in 长辈版.
 */
export const DIALOG_COLORS = {
  /** The app's red (#C8161D ≈ 5.9:1 on white), for an ordinary confirm. */
  confirm: '#C8161D',
  /** A deeper red (≈ 7.2:1) for an action that deletes or costs something (注销, 闭馆, 取消 with a strike). */
  danger: '#B3141A',
  /** Cancel: near-black (≈ 12.6:1). */
  cancel: '#333333',
} as const;

export interface AskOptions {
  title: string;
  content: string;
  confirmText: string;
  cancelText: string;
  /** Deletes, closes or costs something. */
  danger?: boolean;
}

/** Asks to confirm an action; resolves true only on the confirm button. */
export async function ask({ title, content, confirmText, cancelText, danger = false }: AskOptions): Promise<boolean> {
  const res = await Taro.showModal({
    title,
    content,
    confirmText,
    cancelText,
    confirmColor: danger ? DIALOG_COLORS.danger : DIALOG_COLORS.confirm,
    cancelColor: DIALOG_COLORS.cancel,
  });
  return res.confirm;
}

/** Tells the outcome of something the person just did, and waits for 知道了. */
export async function tell(title: string, content: string, confirmText = '知道了'): Promise<void> {
  await Taro.showModal({ title, content, showCancel: false, confirmText, confirmColor: DIALOG_COLORS.confirm });
}

/**
 * A short "done" after an action (已取消预约, 签到成功…): a brief toast in the normal mode; in 长辈版, where nothing
 * should vanish before it is read, a message that stays until 知道了.
 */
export function done(title: string, options: { failed?: boolean } = {}): void {
  if (elderMode.isOn()) {
    void tell(title, '');
    return;
  }
  void Taro.showToast({ title, icon: options.failed ? 'none' : 'success', duration: options.failed ? 3000 : 2000 });
}
