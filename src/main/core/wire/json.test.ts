import { describe, expect, it } from 'vitest';
import { isObject, parseJson } from './json';

describe('untrusted JSON', () => {
  it('parses what is JSON and says so when it is not, without throwing', () => {
    expect(parseJson('{"a":[1,"2",null]}')).toEqual({ ok: true, value: { a: [1, '2', null] } });
    for (const bad of ['', '{', 'undefined', "{'a':1}", '[1,]']) expect(parseJson(bad), bad).toEqual({ ok: false });
  });

  it('an object is a plain object: not null, not an array', () => {
    expect(isObject({})).toBe(true);
    for (const no of [null, [], 'x', 1, undefined]) expect(isObject(no)).toBe(false);
  });
});
