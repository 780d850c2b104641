import { readFileSync } from 'node:fs';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { DomainError } from './errors';

/**
 * Content security for text people post (issue #12). One interface, mirroring WeChat `security.msgSecCheck` v2
 * (docs: platform-facts §3): the poster's openid, a scene (1 profile, 2 comment, 3 forum, 4 social log), the content
 * (at most 2500 characters) and an optional title. Verdicts: pass / risky / review, with WeChat's label (100 ok,
 * 10001 ad, 20001 politics, 20002 porn, 20003 abuse, 20006 illegal, 20008 fraud, 20012 vulgar, 20013 copyright,
 * 21000 other).
 *
 * Which checker runs (checkerFromEnv): CONTENT_SECURITY=local selects the local word list — the local runtime's host
 * sets it (local-cloud/server.ts pointSdkAt); anything else, including no setting at all, is WeChat. Production
 * therefore never silently falls back to the local list: without WeChat the check fails and nothing is published.
 */
export type ContentScene = 1 | 2 | 3 | 4;
export type ContentVerdict = { verdict: 'pass' | 'risky' | 'review'; label: string | null };

export interface ContentChecker {
  checkText(o: { openid: string; scene: ContentScene; text: string; title?: string }): Promise<ContentVerdict>;
}

/** msgSecCheck's content limit. */
export const MAX_CHECK_CHARS = 2500;

/** Spaces and common (ASCII and full-width) punctuation people put between characters to slip a word past a list. */
const FILLER = /[\s\p{P}\p{S}·•～~_\-—–|/\\*.,，。、;；:：!！?？'"“”‘’()（）[\]【】{}<>《》@#$%^&+=`]/gu;

/** Lower-cased with every filler character removed: "坏 词", "坏-词" and "坏词" all normalise to "坏词". */
export function normaliseForMatching(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(FILLER, '');
}

export interface WordList {
  blocked: string[];
  review: string[];
}

/** The local checker: a word list from configuration. Blocked words → risky (label 21000), review words → review. */
export class WordListChecker implements ContentChecker {
  private readonly blocked: string[];
  private readonly review: string[];

  constructor(list: WordList) {
    const norm = (words: unknown): string[] => (Array.isArray(words) ? words : []).filter((w): w is string => typeof w === 'string').map(normaliseForMatching).filter((w) => w.length > 0);
    this.blocked = norm(list.blocked);
    this.review = norm(list.review);
  }

  checkText(o: { openid: string; scene: ContentScene; text: string; title?: string }): Promise<ContentVerdict> {
    return Promise.resolve(this.verdictOf(o));
  }

  private verdictOf(o: { text: string; title?: string }): ContentVerdict {
    // Title and body are matched separately, so a word cannot be made by joining the end of one to the start of the other.
    const parts = [o.title ?? '', o.text].map(normaliseForMatching);
    if (parts.some((p) => this.blocked.some((w) => p.includes(w)))) return { verdict: 'risky', label: '21000' };
    if (parts.some((p) => this.review.some((w) => p.includes(w)))) return { verdict: 'review', label: '21000' };
    return { verdict: 'pass', label: null };
  }
}

export const DEFAULT_WORD_LIST_PATH = 'config/content-security.json';

export function loadWordList(file: string): WordList {
  const parsed = JSON.parse(readFileSync(path.resolve(file), 'utf8')) as Partial<WordList>;
  if (!Array.isArray(parsed.blocked)) throw new Error(`${file}: "blocked" must be a list of words`);
  return { blocked: parsed.blocked, review: Array.isArray(parsed.review) ? parsed.review : [] };
}

/** How the WeChat checker reaches the open API; replaceable so tests stub it (no network). */
export type WxOpenApiCall = (apiName: string, requestData: Record<string, unknown>) => Promise<unknown>;

/** WeChat's open API through CloudBase's bridge (node-sdk callWxOpenApi, the platform supplying the access token). */
export const callThroughCloudBase: WxOpenApiCall = async (apiName, requestData) => {
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  return app.callWxOpenApi({ apiName, requestData });
};

/**
 * Production: WeChat `security.msgSecCheck` v2 through CloudBase's WeChat open-API bridge, the same way
 * WxSubscribeSender calls subscribeMessage.send (node-sdk `callWxOpenApi({apiName, requestData})`, the platform
 * supplying the access token).
 * Verified: the request and response fields (platform-facts §3) and that node-sdk exposes callWxOpenApi.
 * NOT verified (no WeChat environment here): that the bridge accepts the path-style apiName '/wxa/msg_sec_check' and
 * whether it needs the function's config.json `permissions.openapi: ["security.msgSecCheck"]` (platform-facts §3 notes
 * node-sdk documents no api names). A WeChat error or unreadable answer throws: fail closed, nothing is published.
 */
export class WxContentChecker implements ContentChecker {
  constructor(private readonly call: WxOpenApiCall = callThroughCloudBase) {}

  async checkText(o: { openid: string; scene: ContentScene; text: string; title?: string }): Promise<ContentVerdict> {
    const res = (await this.call('/wxa/msg_sec_check', {
      content: o.text.slice(0, MAX_CHECK_CHARS),
      version: 2,
      scene: o.scene,
      openid: o.openid,
      ...(o.title ? { title: o.title } : {}),
    })) as { result?: unknown } | undefined;
    const raw = res?.result ?? res;
    const body = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as { errcode?: number; errmsg?: string; result?: { suggest?: string; label?: number | string } };
    if (body.errcode) throw new Error(`msgSecCheck failed: ${body.errcode} ${body.errmsg ?? ''}`.trim());
    const suggest = body.result?.suggest;
    if (suggest !== 'pass' && suggest !== 'risky' && suggest !== 'review') throw new Error('msgSecCheck: no verdict in the answer');
    const label = body.result?.label;
    return { verdict: suggest, label: label === undefined || String(label) === '100' ? null : String(label) };
  }
}

export function checkerFromEnv(env: NodeJS.ProcessEnv = process.env): ContentChecker {
  if (env.CONTENT_SECURITY === 'local') return new WordListChecker(loadWordList(env.CONTENT_SECURITY_WORDS ?? DEFAULT_WORD_LIST_PATH));
  return new WxContentChecker();
}

/** One piece of posted text and the input field it came from (named in the error, e.g. "course.lesson.blocks.2.text"). */
export interface PostedText {
  field: string;
  text: string;
}

/** Checks run a few at a time: a long course has a few hundred texts and WeChat allows 4000 checks a minute. */
const CHECKS_AT_ONCE = 8;

export const CONTENT_REJECTED_MESSAGE = '内容里有不适合发布的文字，请修改后再发';

/**
 * Checks every piece of text before anything is written. `risky` and `review` are both refused (CONTENT.REJECTED):
 * nothing posted here goes through a human review queue, so "review" cannot be published either. The error names the
 * first refused field and never the word that matched.
 */
export async function assertPostable(checker: ContentChecker, openid: string, scene: ContentScene, texts: PostedText[]): Promise<void> {
  const pieces = texts.filter((t) => t.text.trim() !== '');
  for (let i = 0; i < pieces.length; i += CHECKS_AT_ONCE) {
    const batch = pieces.slice(i, i + CHECKS_AT_ONCE);
    const verdicts = await Promise.all(batch.map((p) => checker.checkText({ openid, scene, text: p.text })));
    const refused = verdicts.findIndex((v) => v.verdict !== 'pass');
    if (refused >= 0) {
      const { field } = batch[refused] as PostedText;
      const { verdict, label } = verdicts[refused] as ContentVerdict;
      throw new DomainError('CONTENT.REJECTED', CONTENT_REJECTED_MESSAGE, { [field]: CONTENT_REJECTED_MESSAGE }, { field, verdict, ...(label ? { label } : {}) });
    }
  }
}

let fromEnv: ContentChecker | undefined;

/** The checker of a runtime: the injected one, else the environment's (chosen on first use, after the host set it up). */
export function contentChecker(deps: { content?: ContentChecker }): ContentChecker {
  if (deps.content) return deps.content;
  fromEnv ??= checkerFromEnv();
  return fromEnv;
}
