import { parseSelector } from '../../src/graph';
import { isFloeError, type FloeError } from '../../src/errors';

function parseError(expr: string): FloeError {
  try {
    parseSelector(expr);
  } catch (e) {
    if (isFloeError(e)) return e;
    throw e;
  }
  throw new Error(`"${expr}" parsed without error`);
}

describe('parseSelector', () => {
  it('reads names, methods and graph operators', () => {
    const [c] = parseSelector('2+tag:daily+3').union[0]!.criteria;
    expect(c).toEqual({
      raw: '2+tag:daily+3',
      column: 1,
      method: 'tag',
      methodArgs: [],
      value: 'daily',
      parents: true,
      parentsDepth: 2,
      children: true,
      childrenDepth: 3,
      childrensParents: false,
    });
    const at = parseSelector('@orders').union[0]!.criteria[0]!;
    expect(at).toMatchObject({ method: 'fqn', value: 'orders', childrensParents: true, parents: false, children: false });
    const plus = parseSelector('+orders+').union[0]!.criteria[0]!;
    expect(plus).toMatchObject({ parents: true, children: true });
    expect(plus.parentsDepth).toBeUndefined();
    expect(plus.childrenDepth).toBeUndefined();
  });

  it('keeps digits that belong to a name', () => {
    expect(parseSelector('model2+').union[0]!.criteria[0]).toMatchObject({ value: 'model2', children: true });
    expect(parseSelector('2024_orders').union[0]!.criteria[0]).toMatchObject({ value: '2024_orders', parents: false });
  });

  it('splits unions on spaces and intersections on commas, with columns', () => {
    const e = parseSelector('tag:daily,config.materialized:table  source:raw.orders+');
    expect(e.union.map((i) => i.raw)).toEqual(['tag:daily,config.materialized:table', 'source:raw.orders+']);
    const [tag, cfg] = e.union[0]!.criteria;
    expect(tag).toMatchObject({ method: 'tag', value: 'daily', column: 1 });
    expect(cfg).toMatchObject({ method: 'config', methodArgs: ['materialized'], value: 'table', column: 11 });
    expect(e.union[1]!.criteria[0]).toMatchObject({ method: 'source', value: 'raw.orders', children: true, column: 38 });
  });

  it('reads nested config keys', () => {
    expect(parseSelector('config.meta.owner:ana').union[0]!.criteria[0]).toMatchObject({ method: 'config', methodArgs: ['meta', 'owner'], value: 'ana' });
  });

  it('picks path for values with a slash and file for file names, like dbt', () => {
    expect(parseSelector('models/staging').union[0]!.criteria[0]).toMatchObject({ method: 'path', value: 'models/staging' });
    expect(parseSelector('models\\staging').union[0]!.criteria[0]).toMatchObject({ method: 'path', value: 'models/staging' });
    expect(parseSelector('stg_orders.sql').union[0]!.criteria[0]).toMatchObject({ method: 'file', value: 'stg_orders.sql' });
    expect(parseSelector('staging.stg_orders').union[0]!.criteria[0]).toMatchObject({ method: 'fqn', value: 'staging.stg_orders' });
  });

  it('rejects an unknown method with a did-you-mean and the column', () => {
    const e = parseError('orders tga:daily');
    expect(e.code).toBe('FLOE_SELECTOR_INVALID');
    expect(e.message).toBe('Invalid selector "orders tga:daily" at column 8: unknown selector method "tga"');
    expect(e.hint).toMatch(/^Did you mean "tag"\?/);
    expect(parseError('sorce:raw').hint).toMatch(/Did you mean "source"/);
  });

  it('says when a dbt method is not supported by Floe', () => {
    expect(parseError('exposure:weekly').message).toMatch(/"exposure" is not supported by Floe/);
    expect(parseError('state:modified.macros').message).toMatch(/state:modified.macros is not supported by Floe/);
  });

  it('points at bad values and operators', () => {
    expect(parseError('resource_type:modle').message).toMatch(/column 15: unknown resource type "modle"/);
    expect(parseError('resource_type:modle').hint).toMatch(/Did you mean "model"/);
    expect(parseError('test_type:unitt').message).toMatch(/unknown test type "unitt"/);
    expect(parseError('state:modifed').hint).toMatch(/Did you mean "modified"/);
    expect(parseError('source:a.b.c.d').message).toMatch(/too many parts for a source/);
    expect(parseError('@+orders').message).toMatch(/"@" and a "\+" prefix cannot be combined/);
    expect(parseError('or+ders').message).toMatch(/column 3: unexpected "\+" inside "or\+ders"/);
    expect(parseError('tag:').message).toMatch(/"tag:" has no value/);
    expect(parseError('+').message).toMatch(/has no value/);
    expect(parseError('a,,b').message).toMatch(/column 3: empty term between commas/);
    expect(parseError('a,').message).toMatch(/empty term/);
    expect(parseError('   ').message).toMatch(/the selector is empty/);
    expect(parseError('config:table').message).toMatch(/names no config key/);
    expect(parseError('tag.x:daily').message).toMatch(/the tag method takes no ".x"/);
    expect(parseError('my-method:x').message).toMatch(/unknown selector method "my-method"/);
  });
});
