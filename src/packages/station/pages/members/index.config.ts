export default definePageConfig({ navigationBarTitleText: '站点成员' });
