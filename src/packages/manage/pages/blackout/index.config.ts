export default definePageConfig({ navigationBarTitleText: '闭馆日期' });
