export default definePageConfig({ navigationBarTitleText: '班次签到码' });
