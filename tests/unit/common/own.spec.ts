import { describe, expect, it } from 'vitest';
import { own } from '../../../src/common/own';

describe('own: a record looked up by a name a user typed', () => {
  it('finds the record’s own keys', () => {
    expect(own({ 'stations.desk.wait.mean': 4 }, 'stations.desk.wait.mean')).toBe(4);
    expect(own({ zero: 0 }, 'zero')).toBe(0);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'does not find %s, which every object inherits',
    (name) => {
      expect(own({ a: 1 } as Record<string, number>, name)).toBeUndefined();
    },
  );

  it('finds a key named like an inherited one when the record has it itself', () => {
    expect(own(JSON.parse('{"constructor": 7}') as Record<string, number>, 'constructor')).toBe(7);
  });
});
