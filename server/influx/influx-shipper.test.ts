// The shipper sends the log's block bytes as stored; a cursor inside a block skips that block's first lines.
import { expect, it } from 'vitest';
import { afterLines } from './influx-shipper';

const body = Buffer.from('a v=1 1\nb s="浙A1" 2\nc v=3 3\n');

it('skips the first lines of a block, byte for byte', () => {
  expect(afterLines(body, 0)).toEqual(body);
  expect(afterLines(body, 1).toString()).toBe('b s="浙A1" 2\nc v=3 3\n');
  expect(afterLines(body, 2).toString()).toBe('c v=3 3\n');
  expect(afterLines(body, 3).length).toBe(0);
  expect(afterLines(body, 5).length).toBe(0);
});
