import tcb from '@cloudbase/node-sdk';
import { toBeijingIso } from '../../types/beijing-time';
import type { NotificationDoc, NotificationKind } from './notifications';

/**
 * Delivery of outbox notifications as WeChat subscribe messages (production). Which kinds are sent, with which
 * template and fields, is configuration: SUBSCRIBE_TEMPLATES (a function environment variable), JSON like
 *   {"booking_confirmed": {"templateId": "…", "page": "packages/venue/pages/mine/index",
 *                          "data": {"thing1": "title", "thing2": "body", "time3": "createdAt"}}}
 * Without it nothing is sent and notifications stay in 我的消息 only (the local runtime has no WeChat).
 */
export interface TemplateConfig {
  templateId: string;
  page: string;
  /** Template key → which notification field fills it. */
  data: Record<string, 'title' | 'body' | 'createdAt'>;
}

export type DeliveryResult = { ok: true } | { ok: false; reason: string };

export interface MessageSender {
  send(n: NotificationDoc): Promise<DeliveryResult>;
}

/** WeChat `thing` values are at most 20 characters. */
const clip = (s: string, max = 20): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export function templateData(n: NotificationDoc, template: TemplateConfig): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  for (const [key, field] of Object.entries(template.data)) {
    const raw = field === 'createdAt' ? toBeijingIso(new Date(n.createdAt).getTime()).slice(0, 16).replace('T', ' ') : n[field];
    out[key] = { value: key.startsWith('thing') ? clip(raw) : raw };
  }
  return out;
}

/** Sends through CloudBase's WeChat open-API bridge (subscribeMessage.send); the platform supplies the access token. */
export class WxSubscribeSender implements MessageSender {
  constructor(private readonly templates: Partial<Record<NotificationKind, TemplateConfig>>) {}

  async send(n: NotificationDoc): Promise<DeliveryResult> {
    const template = this.templates[n.kind];
    if (!template) return { ok: false, reason: 'no template for this kind' };
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
    const res = (await app.callWxOpenApi({
      apiName: '/cgi-bin/message/subscribe/send',
      requestData: { touser: n.openid, template_id: template.templateId, page: template.page, data: templateData(n, template), miniprogram_state: 'formal', lang: 'zh_CN' },
    })) as { result?: unknown };
    const body = (typeof res.result === 'string' ? JSON.parse(res.result) : (res.result ?? {})) as { errcode?: number; errmsg?: string };
    // 43101: the user has not subscribed (or used up the one-time permission): nothing to retry.
    return body.errcode ? { ok: false, reason: `${body.errcode} ${body.errmsg ?? ''}`.trim() } : { ok: true };
  }
}

export function senderFromEnv(env: NodeJS.ProcessEnv = process.env): MessageSender | null {
  if (!env.SUBSCRIBE_TEMPLATES) return null;
  return new WxSubscribeSender(JSON.parse(env.SUBSCRIBE_TEMPLATES) as Partial<Record<NotificationKind, TemplateConfig>>);
}
