import { Text, View } from '@tarojs/components';

/** What a Picker shows: the value and 更改, one big tap target. */
export function PickerField({ label, value }: { label: string; value: string }) {
  return (
    <View className='picker-field' role='button' aria-label={`${label} ${value}，点按更改`}>
      <Text className='picker-field__value'>{value}</Text>
      <Text className='picker-field__more'>更改</Text>
    </View>
  );
}
