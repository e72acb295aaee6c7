// The block body made of received bytes: runs of lines kept as received are copied, repeats left out, moved
// lines encoded alone; a body of lines all kept is the very buffer received.
import { expect, it } from 'vitest';
import { storedLinesBody, withLastLineBreak } from './received-body';

const received = Buffer.from('a=1 1\nb="浙" 2\nc=3 3\nd=4 4\n');

it('is the received buffer itself when every line is kept as received', () => {
  expect(storedLinesBody(received, [undefined, undefined, undefined, undefined])).toBe(received);
});

it('leaves repeats out and encodes the lines stored otherwise, in order', () => {
  expect(storedLinesBody(received, [null, undefined, 'c=3 4', undefined]).toString()).toBe(
    'b="浙" 2\nc=3 4\nd=4 4\n',
  );
  expect(storedLinesBody(received, [undefined, undefined, undefined, null]).toString()).toBe(
    'a=1 1\nb="浙" 2\nc=3 3\n',
  );
  expect(storedLinesBody(received, [null, null, null, null]).toString()).toBe('');
});

it('refuses a count of lines that is not the received one (a caller bug, never a wrong log)', () => {
  expect(() => storedLinesBody(received, [undefined, undefined, undefined])).toThrow(/more received lines/);
  expect(() => storedLinesBody(received, [undefined, undefined, undefined, undefined, undefined])).toThrow(
    /fewer received lines/,
  );
});

it('adds the last line break a body may leave out', () => {
  expect(withLastLineBreak(Buffer.from('a=1 1')).toString()).toBe('a=1 1\n');
  const b = Buffer.from('a=1 1\n');
  expect(withLastLineBreak(b)).toBe(b);
});
