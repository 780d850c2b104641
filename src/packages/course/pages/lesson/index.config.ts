export default definePageConfig({ navigationBarTitleText: '线上学习' });
