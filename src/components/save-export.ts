import Taro from '@tarojs/taro';
import { done } from '../services/dialog';
import { messageFor } from '../services/messages';

/** A workbook the server made (course.exportRecord, activity.exportRoster …): base64 bytes with their name and type. */
export interface ExportFile {
  filename: string;
  mimeType: string;
  base64: string;
}

/**
 * Hands the exported workbook to the person. In the weapp it is written to the mini-program's own files and opened in
 * WeChat's document viewer with its menu (转发给朋友, 用其他应用打开), so the secretary can send it on; in H5 the browser
 * downloads it under its file name.
 */
export async function saveExport(file: ExportFile): Promise<void> {
  if (process.env.TARO_ENV === 'weapp') {
    const filePath = `${Taro.env.USER_DATA_PATH}/${file.filename}`;
    await new Promise<void>((resolve, reject) => {
      Taro.getFileSystemManager().writeFile({ filePath, data: file.base64, encoding: 'base64', success: () => resolve(), fail: reject });
    });
    await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
    return;
  }
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked later: some browsers start the download after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * 导出Excel as one step: asks the server for the workbook, hands it over (saveExport) and says how it went — 表格已下载
 * in H5 (WeChat's viewer shows itself), the server's words when it refused, a plain line when the phone could not
 * save or open the file.
 */
export async function fetchAndSaveExport(fetch: () => Promise<ExportFile>): Promise<void> {
  let file: ExportFile;
  try {
    file = await fetch();
  } catch (e) {
    done(messageFor(e), { failed: true });
    return;
  }
  try {
    await saveExport(file);
  } catch {
    // The file came, but the phone could not save or open it (no space, no app for .xlsx).
    done('表格没能打开，请再试一次', { failed: true });
    return;
  }
  if (process.env.TARO_ENV !== 'weapp') done('表格已下载');
}
