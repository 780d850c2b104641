import { Text, View } from '@tarojs/components';

// Placeholder while the page is being built.
export default function Page() {
  return (
    <View className='page'>
      <Text>正在建设中</Text>
    </View>
  );
}
