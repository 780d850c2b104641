export default definePageConfig({ navigationBarTitleText: '服务证明' });
