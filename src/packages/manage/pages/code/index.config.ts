export default definePageConfig({ navigationBarTitleText: '场地签到码' });
