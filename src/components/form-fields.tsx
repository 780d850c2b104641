import { Text, View } from '@tarojs/components';

/**
 * The pieces every form of the app builds its fields from (forms of the steward, course and activity pages): a field's
 * class (red border when it has a problem), the problem in words under it, and a big radio choice that says its state
 * with ✓ as well as colour.
 */
export const fieldClass = (problem: string | undefined | null): string => (problem ? 'field field--bad' : 'field');

/** The problem with a field, read out when it appears; nothing when there is none. */
export function fieldError(problem: string | undefined | null) {
  return problem ? (
    <View className='field__error' role='alert'>
      <Text>{problem}</Text>
    </View>
  ) : null;
}

/** One of a few big choices (role radio, in a radiogroup), ✓ before the chosen one. */
export function choice(on: boolean, label: string, onTap: () => void) {
  return (
    <View key={label} className={`shift-form__choice ${on ? 'shift-form__choice--on' : ''}`} role='radio' aria-checked={on} onClick={onTap}>
      <Text>{on ? `✓ ${label}` : label}</Text>
    </View>
  );
}
