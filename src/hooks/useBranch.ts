import { useRef, useState } from 'react';
import { newRequestId } from '../services/client';
import { courseService } from '../services/course';
import { ask, done, tell } from '../services/dialog';
import { messageFor } from '../services/messages';
import { fetchAndSaveExport } from '../components/save-export';
import { useRequest } from './useRequest';

/**
 * The branch secretary's organization-life record of a quarter (undefined: this quarter, as the server's clock has it),
 * and 导出Excel of the quarter shown.
 */
export function useBranchRecord(quarter: string | undefined) {
  const record = useRequest(() => courseService.branchRecord(quarter), [quarter]);
  const [exporting, setExporting] = useState(false);

  const exportRecord = async () => {
    if (exporting) return;
    setExporting(true);
    try {
      await fetchAndSaveExport(() => courseService.exportRecord(quarter ?? record.data?.quarter));
    } finally {
      setExporting(false);
    }
  };

  return { ...record, exporting, exportRecord };
}

/** Reminder text after 一键提醒: who got one now, and who had one in the last 7 days. */
export function remindOutcome(reminded: number, skipped: number): string {
  if (reminded === 0 && skipped === 0) return '本季度大家都参加了学习，不用提醒';
  if (reminded === 0) return `${skipped}人7天内已提醒过，这次没有再发`;
  return skipped > 0 ? `已提醒${reminded}人，${skipped}人7天内已提醒过` : `已提醒${reminded}人`;
}

/** This quarter's members with their counts, and 一键提醒 to those with no course yet (confirmed first). */
export function useBranchMembers() {
  const record = useRequest(() => courseService.branchRecord(), []);
  const [reminding, setReminding] = useState(false);
  // One requestId per intent to remind, kept until it succeeds, so a retry after a lost reply sends nothing twice.
  const requestId = useRef<string | null>(null);

  const remind = async () => {
    const data = record.data;
    if (!data || reminding || data.inactive.length === 0) return;
    const ok = await ask({
      title: '提醒没参加学习的党员？',
      content: `将给本季度还没参加学习的${data.inactive.length}位党员发一条消息，请他们抽空学一课。7天内已提醒过的人不会再收到。`,
      confirmText: '发送提醒',
      cancelText: '再想想',
    });
    if (!ok) return;
    setReminding(true);
    requestId.current ??= newRequestId();
    try {
      const res = await courseService.remind(data.branchId, requestId.current);
      requestId.current = null;
      await tell(res.reminded > 0 ? '提醒已发送' : '这次没有发提醒', remindOutcome(res.reminded, res.skipped));
      record.reload();
    } catch (e) {
      done(messageFor(e), { failed: true });
    } finally {
      setReminding(false);
    }
  };

  return { ...record, reminding, remind };
}
