import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  assertPostable,
  checkerFromEnv,
  loadWordList,
  normaliseForMatching,
  WordListChecker,
  WxContentChecker,
  type WxOpenApiCall,
} from '../../cloudfunctions/_shared/content-security';
import { DomainError } from '../../cloudfunctions/_shared/errors';

const checker = new WordListChecker({ blocked: ['坏词', 'BadWord'], review: ['加微信'] });
const check = (text: string, title?: string) => checker.checkText({ openid: 'o1', scene: 3, text, ...(title ? { title } : {}) });

describe('the local word-list checker', () => {
  it('passes clean text with no label', async () => {
    expect(await check('本周四的义务理发改到下午2点开始。')).toEqual({ verdict: 'pass', label: null });
  });

  it('finds a blocked word in the body and in the title', async () => {
    expect(await check('这里有坏词呀')).toEqual({ verdict: 'risky', label: '21000' });
    expect(await check('正文干净', '标题有坏词')).toMatchObject({ verdict: 'risky' });
  });

  it.each(['坏 词', '坏-词', '坏　词', '坏。词', '坏*词', '坏·词', '坏\n词', 'b a-d_W.o R d', 'BADWORD', 'ｂａｄｗｏｒｄ'])('matches %j despite spaces, punctuation, case and full width', async (text) => {
    expect(await check(`前面${text}后面`)).toMatchObject({ verdict: 'risky' });
  });

  it('does not join the end of the title to the start of the body', async () => {
    expect(await check('词在开头', '结尾是坏')).toEqual({ verdict: 'pass', label: null });
  });

  it('answers review for a review word', async () => {
    expect(await check('有事请加 微信')).toMatchObject({ verdict: 'review' });
  });

  it('normalises by removing fillers and lower-casing', () => {
    expect(normaliseForMatching(' A-b, C。')).toBe('abc');
  });
});

describe('the WeChat checker (msgSecCheck v2 through the open-API bridge, stubbed)', () => {
  const bridge = (answer: unknown) => {
    const calls: Array<{ apiName: string; requestData: Record<string, unknown> }> = [];
    const call: WxOpenApiCall = async (apiName, requestData) => {
      calls.push({ apiName, requestData });
      return answer;
    };
    return { call, calls };
  };

  it('maps risky / label 20001 to risky and sends the v2 fields', async () => {
    const b = bridge({ result: JSON.stringify({ errcode: 0, result: { suggest: 'risky', label: 20001 }, detail: [], trace_id: 't' }) });
    const verdict = await new WxContentChecker(b.call).checkText({ openid: 'o-poster', scene: 2, text: '正文', title: '标题' });
    expect(verdict).toEqual({ verdict: 'risky', label: '20001' });
    expect(b.calls).toEqual([{ apiName: '/wxa/msg_sec_check', requestData: { content: '正文', version: 2, scene: 2, openid: 'o-poster', title: '标题' } }]);
  });

  it('maps pass / label 100 to pass with no label, and clips content to 2500 characters', async () => {
    const b = bridge({ result: { errcode: 0, result: { suggest: 'pass', label: '100' } } });
    expect(await new WxContentChecker(b.call).checkText({ openid: 'o', scene: 3, text: '字'.repeat(3000) })).toEqual({ verdict: 'pass', label: null });
    expect((b.calls[0]?.requestData.content as string).length).toBe(2500);
  });

  it('fails closed on a WeChat error or an answer without a verdict', async () => {
    await expect(new WxContentChecker(bridge({ result: { errcode: 40001, errmsg: 'bad token' } }).call).checkText({ openid: 'o', scene: 3, text: 'x' })).rejects.toThrow('40001');
    await expect(new WxContentChecker(bridge({ result: {} }).call).checkText({ openid: 'o', scene: 3, text: 'x' })).rejects.toThrow('no verdict');
  });
});

describe('choosing the checker', () => {
  it('uses the local list only when CONTENT_SECURITY=local, from CONTENT_SECURITY_WORDS if set; otherwise WeChat', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cs-'));
    const file = path.join(dir, 'words.json');
    writeFileSync(file, JSON.stringify({ blocked: ['测试禁词'] }));
    const local = checkerFromEnv({ CONTENT_SECURITY: 'local', CONTENT_SECURITY_WORDS: file });
    expect(local).toBeInstanceOf(WordListChecker);
    expect(await local.checkText({ openid: 'o', scene: 3, text: '测 试 禁 词' })).toMatchObject({ verdict: 'risky' });
    expect(checkerFromEnv({})).toBeInstanceOf(WxContentChecker);
    expect(checkerFromEnv({ CONTENT_SECURITY_WORDS: file })).toBeInstanceOf(WxContentChecker);
  });

  it('the shipped configuration has blocked words', () => {
    expect(loadWordList('config/content-security.json').blocked.length).toBeGreaterThan(0);
  });
});

describe('assertPostable', () => {
  it('refuses risky and review with CONTENT.REJECTED naming the first refused field, never the word', async () => {
    const refused = await assertPostable(checker, 'o', 3, [
      { field: 'title', text: '干净的标题' },
      { field: 'body', text: '请加微信' },
      { field: 'place', text: '坏词' },
    ]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    const e = refused as DomainError;
    expect(e.code).toBe('CONTENT.REJECTED');
    expect(e.details).toMatchObject({ field: 'body', verdict: 'review' });
    expect(Object.keys(e.fields ?? {})).toEqual(['body']);
    expect(JSON.stringify({ m: e.message, f: e.fields, d: e.details })).not.toContain('微信');
  });

  it('passes clean text', async () => {
    await expect(assertPostable(checker, 'o', 3, [{ field: 'title', text: '周四理发' }, { field: 'body', text: '' }])).resolves.toBeUndefined();
  });
});
