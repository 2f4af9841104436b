import { onSchemaChange, stringConfig, uniqueKey } from '../../src';

const node = (config: Record<string, unknown>) => ({ name: 'm', config });

describe('node config readers shared by targets', () => {
  test('unique_key from a comma list or a YAML list, blanks dropped', () => {
    expect(uniqueKey(node({ unique_key: 'a, b ,,c' }))).toEqual(['a', 'b', 'c']);
    expect(uniqueKey(node({ unique_key: ['a', ' ', 'b', 3] }))).toEqual(['a', 'b']);
    expect(uniqueKey(node({}))).toEqual([]);
  });

  test('on_schema_change defaults to ignore and refuses unknown values', () => {
    expect(onSchemaChange(node({}))).toBe('ignore');
    expect(onSchemaChange(node({ on_schema_change: 'sync_all_columns' }))).toBe('sync_all_columns');
    expect(() => onSchemaChange(node({ on_schema_change: 'drop' }))).toThrow(/on_schema_change must be one of/);
  });

  test('string configs: empty strings and non-strings are absent', () => {
    expect(stringConfig(node({ k: 'v' }), 'k')).toBe('v');
    expect(stringConfig(node({ k: '' }), 'k')).toBeUndefined();
    expect(stringConfig(node({ k: 1 }), 'k')).toBeUndefined();
  });
});
