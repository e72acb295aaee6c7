// The wall's pages: one per site, then the index summary when the index API answers; with ?rotate=<s> the
// wall moves to the next page every s seconds, otherwise it stays on the URL's site.
export type WallPage = { kind: 'site'; site: string } | { kind: 'indices' };

const samePage = (a: WallPage, b: WallPage) =>
  a.kind === b.kind && (a.kind === 'indices' || (b.kind === 'site' && a.site === b.site));

export class WallRotation {
  private pages: WallPage[] = [];
  private current = 0;
  private since = 0;

  constructor(
    private readonly rotateSeconds: number | undefined,
    private readonly onShow: (page: WallPage | undefined) => void,
    private readonly now: () => number = Date.now,
  ) {}

  page(): WallPage | undefined {
    return this.pages[this.current];
  }

  /** New page list: stays on the page shown if it is still there, else the URL's site, else the first. */
  setPages(siteIds: readonly string[], withIndices: boolean, urlSite: string | null): void {
    const shown = this.page();
    this.pages = siteIds.map((site) => ({ kind: 'site', site }));
    if (withIndices && this.rotateSeconds !== undefined) this.pages.push({ kind: 'indices' });
    const keep = shown ? this.pages.findIndex((p) => samePage(p, shown)) : -1;
    const fromUrl = this.pages.findIndex((p) => p.kind === 'site' && p.site === urlSite);
    if (keep >= 0) this.current = keep;
    else this.show(Math.max(0, fromUrl));
  }

  /** Moves on when the current page has had its time; call once a second. */
  tick(): void {
    if (this.rotateSeconds === undefined || this.pages.length < 2) return;
    if (this.now() - this.since >= this.rotateSeconds * 1000)
      this.show((this.current + 1) % this.pages.length);
  }

  /** "2 / 8, next in 17 s" while rotating. */
  position(): { n: number; total: number; nextInS: number } | undefined {
    if (this.rotateSeconds === undefined || this.pages.length < 2) return undefined;
    const left = this.rotateSeconds - (this.now() - this.since) / 1000;
    return { n: this.current + 1, total: this.pages.length, nextInS: Math.max(0, Math.ceil(left)) };
  }

  private show(i: number): void {
    this.current = i;
    this.since = this.now();
    this.onShow(this.page());
  }
}
