export default definePageConfig({ navigationBarTitleText: '党课学习' });
