import Taro from '@tarojs/taro';

const TOKEN_KEY = 'redsail.token';

/** Local sign-in exists only for H5 against the local runtime; in WeChat the platform identifies the user. */
export const needsLocalSignIn = process.env.TARO_ENV !== 'weapp';

export function getToken(): string | null {
  const t: unknown = Taro.getStorageSync(TOKEN_KEY);
  return typeof t === 'string' && t ? t : null;
}

export function setToken(token: string): void {
  Taro.setStorageSync(TOKEN_KEY, token);
}

export function clearToken(): void {
  Taro.removeStorageSync(TOKEN_KEY);
}

export const LOGIN_PAGE = '/packages/account/pages/login/index';

/** Whether the page on top is the sign-in page already (a late unauthenticated answer must not stack another). */
function onSignInPage(): boolean {
  const pages = Taro.getCurrentPages();
  const route = (pages[pages.length - 1]?.route ?? '').split('?')[0] ?? '';
  return `/${route.replace(/^\//, '')}` === LOGIN_PAGE;
}

let redirecting = false;
export function onUnauthenticated(): void {
  if (!needsLocalSignIn || redirecting || onSignInPage()) return;
  redirecting = true;
  clearToken();
  void Taro.navigateTo({ url: LOGIN_PAGE }).finally(() => {
    redirecting = false;
  });
}

/** The local runtime's sign-in (`POST /api/dev/login`). */
export async function signInLocally(openid: string): Promise<void> {
  const res = await Taro.request<{ ok: boolean; data?: { token: string } }>({
    url: '/api/dev/login',
    method: 'POST',
    data: { openid },
    header: { 'content-type': 'application/json' },
  });
  if (res.statusCode !== 200 || !res.data.ok || !res.data.data) throw new Error('sign-in failed');
  setToken(res.data.data.token);
}
