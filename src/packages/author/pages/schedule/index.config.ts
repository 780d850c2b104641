export default definePageConfig({ navigationBarTitleText: '安排线下课' });
