// The wall rotates through the sites and the index page at the set pace, and starts on the URL's site.
import { describe, expect, it } from 'vitest';
import { type WallPage, WallRotation } from './rotation';

function setup(rotate: number | undefined) {
  const clock = { now: 0 };
  const shown: (WallPage | undefined)[] = [];
  const r = new WallRotation(
    rotate,
    (p) => shown.push(p),
    () => clock.now,
  );
  return { clock, shown, r };
}

describe('WallRotation', () => {
  it('starts on the URL site and cycles sites then the index summary', () => {
    const { clock, shown, r } = setup(60);
    r.setPages(['a', 'b'], true, 'b');
    expect(r.position()).toEqual({ n: 2, total: 3, nextInS: 60 });
    for (let s = 1; s <= 180; s++) {
      clock.now = s * 1000;
      r.tick();
    }
    expect(shown).toEqual([
      { kind: 'site', site: 'b' },
      { kind: 'indices' },
      { kind: 'site', site: 'a' },
      { kind: 'site', site: 'b' },
    ]);
  });

  it('stays put without ?rotate= and keeps the shown page when the site list is refreshed', () => {
    const { clock, shown, r } = setup(undefined);
    r.setPages(['a', 'b'], true, null);
    clock.now = 3_600_000;
    r.tick();
    r.setPages(['a', 'b', 'c'], true, null);
    expect(shown).toEqual([{ kind: 'site', site: 'a' }]);
    expect(r.position()).toBeUndefined();
  });
});
