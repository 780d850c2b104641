export default definePageConfig({ navigationBarTitleText: '本地体验登录' });
