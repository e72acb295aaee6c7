import { launchChromium } from './client/testing/chromium';
const [url, out, w, h] = process.argv.slice(2);
const b = await launchChromium({ viewport: { width: Number(w ?? 1440), height: Number(h ?? 900) } });
await b.page.goto(url!);
await b.page.waitForTimeout(5000);
await b.page.screenshot({ path: out!, fullPage: true });
console.log(b.pageErrors);
await b.close();
