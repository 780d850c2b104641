export default definePageConfig({ navigationBarTitleText: '今日安排与签到', enablePullDownRefresh: true });
