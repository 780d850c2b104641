export default definePageConfig({ navigationBarTitleText: '查验证明' });
