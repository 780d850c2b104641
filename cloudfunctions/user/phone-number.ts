import tcb from '@cloudbase/node-sdk';
import { localRuntimeHooks } from '../_shared/clock';
import { DomainError } from '../_shared/errors';

/** Turns WeChat's phone-number code (`<Button openType="getPhoneNumber">` → e.detail.code) into the number. */
export interface PhoneNumberExchange {
  exchange(code: string): Promise<string>;
}

const invalidCode = (): DomainError => new DomainError('USER.PHONE_CODE_INVALID', '手机号授权已失效，请再点一次“微信手机号”', { phoneCode: '手机号授权已失效，请重试' });

/**
 * Production: `phonenumber.getPhoneNumber` (POST /wxa/business/getuserphonenumber) through CloudBase's WeChat open-API
 * bridge, which supplies the access token. The code is single use and valid for 5 minutes.
 */
export class WxPhoneNumberExchange implements PhoneNumberExchange {
  async exchange(code: string): Promise<string> {
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
    let res: { result?: unknown };
    try {
      res = (await app.callWxOpenApi({ apiName: '/wxa/business/getuserphonenumber', requestData: { code } }));
    } catch {
      throw new DomainError('UNAVAILABLE', '暂时取不到微信手机号，请稍后再试或手动填写');
    }
    const body = (typeof res.result === 'string' ? JSON.parse(res.result) : (res.result ?? {})) as {
      errcode?: number;
      phone_info?: { purePhoneNumber?: string; countryCode?: string };
    };
    // 40029: invalid code; 40163: code already used; -1: system busy.
    if (body.errcode === 40029 || body.errcode === 40163) throw invalidCode();
    if (body.errcode) throw new DomainError('UNAVAILABLE', '暂时取不到微信手机号，请稍后再试或手动填写');
    const phone = body.phone_info?.purePhoneNumber ?? '';
    if (body.phone_info?.countryCode && body.phone_info.countryCode !== '86') throw invalidCode();
    if (!/^1[3-9]\d{9}$/.test(phone)) throw invalidCode();
    return phone;
  }
}

/** Locally (no WeChat): the stand-in the local runtime installed; in production, WeChat. */
export class DefaultPhoneNumberExchange implements PhoneNumberExchange {
  private readonly wx = new WxPhoneNumberExchange();

  async exchange(code: string): Promise<string> {
    const local = localRuntimeHooks()?.phoneNumberForCode;
    if (!local) return this.wx.exchange(code);
    const phone = local(code);
    if (!phone) throw invalidCode();
    return phone;
  }
}
