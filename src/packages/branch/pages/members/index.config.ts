export default definePageConfig({ navigationBarTitleText: '党员学习情况', enablePullDownRefresh: true });
