// Alerting end to end over real sockets: an overweight truck written through the InfluxDB write API is
// notified to a webhook (HMAC-signed), fake DingTalk / WeCom / Feishu robots that check the documented
// request shape and signature, and a real SMTP server over STARTTLS; acknowledgements go live and stop
// reminders; silences and mute timings suppress; a broken rules file keeps the previous rules; a channel that
// is down is retried and one that refuses is not.
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HistoryEntry } from '../../shared/alerting/history';
import type { Alert } from '../../shared/live/alerts';
import type { Logger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { tempDir, testConfig } from '../testing/test-config';
import { waitFor } from '../testing/wait-for';
import { checkDingtalk, checkFeishu, checkWecom, startFakeRobots } from './testing/fake-robots';
import { type HttpReceiver, startHttpReceiver } from './testing/http-receiver';
import { overweightTruckLine, TRUCK_SITE, writeLines } from './testing/overweight-truck';
import { type SmtpSink, startSmtpSink } from './testing/smtp-sink';

const SITE = TRUCK_SITE;
const HOOK_SECRET = 'webhook-secret-0123456789';
const DING_SECRET = 'SECd1ngtalk0123456789abcdef';
const FEISHU_SECRET = 'feishu-secret-abc';

let plateNo = 100;
/** One overweight weighing (3 axles, 31 t gross > 25 t limit: critical) as InfluxDB line protocol. */
function overweightLine(plate = `浙A${plateNo++}`): { line: string; plate: string } {
  return { line: overweightTruckLine(plate), plate };
}

async function writeLine(server: RunningServer, line: string): Promise<void> {
  const { status, text } = await writeLines(server.url, line);
  expect(status, text).toBe(204);
}

const delivery = { timeoutMs: 30_000 };

async function history(server: RunningServer): Promise<HistoryEntry[]> {
  const res = await fetch(`${server.url}/api/alerts/history?site=${SITE}`);
  return (await res.json()).entries;
}

const dirs: { remove(): void }[] = [];
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
  for (const d of dirs.splice(0)) d.remove();
});

async function serverWith(rulesYaml: string, env: Record<string, string> = {}, logger?: Logger) {
  const dir = tempDir();
  dirs.push(dir);
  const file = join(dir.path, 'alerting.yaml');
  writeFileSync(file, rulesYaml);
  const server = await startServer(
    testConfig(dir.path, { PORTPULSE_ALERTING_FILE: file, PORTPULSE_ALERT_RETRY_MAX_SECONDS: '1', ...env }),
    logger ?? (() => {}),
  );
  closers.push(() => server.close());
  return { server, file, dir: dir.path };
}

async function receiver(handler?: Parameters<typeof startHttpReceiver>[0]): Promise<HttpReceiver> {
  const r = await startHttpReceiver(handler);
  closers.push(() => r.close());
  return r;
}

describe('an overweight truck reaches every kind of channel', () => {
  let smtp: SmtpSink;
  let robots: Awaited<ReturnType<typeof startFakeRobots>>;
  beforeAll(async () => {
    smtp = await startSmtpSink();
    robots = await startFakeRobots({ dingtalk: DING_SECRET, feishu: FEISHU_SECRET });
  });
  afterAll(async () => {
    await smtp.close();
    await robots.close();
  });

  it('webhook, DingTalk, WeCom, Feishu and e-mail, within seconds of the write', async () => {
    const hook = await receiver();
    const { server } = await serverWith(`
public_url: https://portpulse.example
channels:
  - { id: ops, type: webhook, url: "${hook.url}/hook", secret: ${HOOK_SECRET}, lang: en }
  - { id: dd, type: dingtalk, url: "${robots.dingtalk.url}/robot/send?access_token=t0k", secret: ${DING_SECRET} }
  - { id: wx, type: wecom, url: "${robots.wecom.url}/cgi-bin/webhook/send?key=k3y" }
  - { id: fs, type: feishu, url: "${robots.feishu.url}/open-apis/bot/v2/hook/h00k", secret: ${FEISHU_SECRET} }
  - id: mail
    type: email
    lang: en
    smtp: { host: 127.0.0.1, port: ${smtp.port}, security: starttls, ca_file: "${smtp.caFile}" }
    from: portpulse@example.com
    to: [duty@example.com]
routes:
  - channels: [ops, dd, wx, fs, mail]
`);
    const { line, plate } = overweightLine();
    await writeLine(server, line);

    const [req] = await hook.waitFor(1);
    const ts = req!.headers['x-portpulse-timestamp'] as string;
    const expected = `sha256=${createHmac('sha256', HOOK_SECRET).update(`${ts}.${req!.body}`).digest('hex')}`;
    expect(req!.headers['x-portpulse-signature']).toBe(expected);
    const body = req!.json as { status: string; alerts: (Alert & { state: string; link: string })[] };
    expect(body.status).toBe('firing');
    expect(body.alerts).toEqual([
      expect.objectContaining({
        kind: 'overweight',
        site: SITE,
        severity: 'critical',
        state: 'raised',
        plate,
        grossKg: 31_000,
        limitKg: 25_000,
        clearedAt: null,
        startedAt: expect.any(Number),
        id: expect.stringContaining(plate),
        link: `https://portpulse.example/?site=${SITE}`,
      }),
    ]);

    const [dd] = await robots.dingtalk.waitFor(1);
    expect(checkDingtalk(dd!, DING_SECRET)).toBeUndefined();
    const md = (dd!.json as { markdown: { title: string; text: string } }).markdown;
    expect(md.title).toMatch(/严重.*超重/);
    expect(md.text).toContain(plate);
    expect(md.text).toContain('31.0 t');
    // Short enough for a phone: a headline, one line per alert, a link.
    expect(md.text.split('\n').length).toBeLessThanOrEqual(5);

    const [wx] = await robots.wecom.waitFor(1);
    expect(checkWecom(wx!)).toBeUndefined();
    expect((wx!.json as { markdown: { content: string } }).markdown.content).toContain(plate);

    const [fs] = await robots.feishu.waitFor(1);
    expect(checkFeishu(fs!, FEISHU_SECRET)).toBeUndefined();
    expect(JSON.stringify(fs!.json)).toContain(plate);

    const [mail] = await smtp.waitFor(1);
    expect(mail!.secure).toBe(true); // upgraded with STARTTLS before the message
    expect(mail!.to).toEqual(['duty@example.com']);
    expect(mail!.raw).toMatch(/Subject: \[CRITICAL\] Hangzhou/);
    expect(mail!.raw).toMatch(/X-Portpulse-Notification-Id: [0-9a-f]{32}/i);
    expect(mail!.raw).toContain('31.0 t > 25.0 t limit (3 axles, wb1)');

    // Every outcome is in the history, and in /metrics.
    const sent = await waitFor(
      'five sent records',
      async () => {
        const h = (await history(server)).filter((e) => e.type === 'notification' && e.outcome === 'sent');
        return h.length === 5 ? h : undefined;
      },
      delivery,
    );
    expect(sent.map((e) => (e.type === 'notification' ? e.channel : '')).sort()).toEqual([
      'dd',
      'fs',
      'mail',
      'ops',
      'wx',
    ]);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/portpulse_alert_notifications_sent_total\{channel="dd",type="dingtalk"\} 1/);
  });

  it('a robot that refuses (bad signature) is logged with its answer and not retried', async () => {
    const logs: { msg: string; extra?: Record<string, unknown> }[] = [];
    const { server } = await serverWith(
      `
channels:
  - { id: dd, type: dingtalk, url: "${robots.dingtalk.url}/robot/send?access_token=t0k", secret: wrong-secret }
routes:
  - channels: [dd]
`,
      {},
      (_level, msg, extra) => logs.push({ msg, ...(extra ? { extra } : {}) }),
    );
    const before = robots.dingtalk.requests.length;
    await writeLine(server, overweightLine().line);
    const failed = await waitFor(
      'the failed record',
      async () => (await history(server)).find((e) => e.type === 'notification' && e.outcome === 'failed'),
      delivery,
    );
    expect(failed.type === 'notification' && failed.detail).toMatch(/errcode 310000: sign not match/);
    expect(logs.find((l) => l.msg.includes('refused'))?.extra?.error).toMatch(/sign not match/);
    // A second alert goes through the same channel after the first was dropped: the first was tried once.
    await writeLine(server, overweightLine().line);
    await waitFor(
      'the second failed record',
      async () =>
        (await history(server)).filter((e) => e.type === 'notification' && e.outcome === 'failed').length ===
        2
          ? true
          : undefined,
      delivery,
    );
    expect(robots.dingtalk.requests.length - before).toBe(2);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/portpulse_alert_notifications_failed_total\{channel="dd",type="dingtalk"\} 2/);
    expect(metrics).toMatch(/portpulse_alert_notification_retries_total\{channel="dd",type="dingtalk"\} 0/);
  });
});

describe('delivery', () => {
  it('retries a channel that is down with backoff, shows it in /ready and /metrics, then delivers once', async () => {
    let up = false;
    const hook = await receiver(() =>
      up ? { status: 200, body: {} } : { status: 503, body: 'maintenance' },
    );
    const { server } = await serverWith(`
channels: [{ id: ops, type: webhook, url: "${hook.url}" }]
routes: [{ channels: [ops] }]
`);
    await writeLine(server, overweightLine().line);
    await hook.waitFor(2); // the first attempt and one retry
    // The receiver has answered the retry; the server records that answer a moment later (under load, later
    // still), so /ready and /metrics are read until they show it.
    await expect
      .poll(
        async () => (await (await fetch(`${server.url}/ready`)).json()).checks['alert_channel:ops'].detail,
        {
          timeout: 30_000,
        },
      )
      .toMatch(/failing, retrying: 1 queued.*HTTP 503: maintenance/);
    const metrics = () => fetch(`${server.url}/metrics`).then((r) => r.text());
    await expect
      .poll(metrics, { timeout: 30_000 })
      .toMatch(/portpulse_alert_notification_retries_total\{channel="ops",type="webhook"\} [1-9]/);
    expect(await metrics()).toMatch(/portpulse_alert_outbox_queued\{channel="ops",type="webhook"\} 1/);
    up = true;
    await waitFor(
      'the delivery',
      async () =>
        (await history(server)).some((e) => e.type === 'notification' && e.outcome === 'sent')
          ? true
          : undefined,
      delivery,
    );
    const ids = new Set(hook.requests.map((r) => r.headers['x-portpulse-notification-id']));
    expect(ids.size).toBe(1); // every attempt was the same notification
    // The outbox file goes once the outcome is durable in the history.
    await waitFor(
      'an empty outbox',
      async () =>
        /portpulse_alert_outbox_queued\{channel="ops",type="webhook"\} 0/.test(
          await (await fetch(`${server.url}/metrics`)).text(),
        )
          ? true
          : undefined,
      delivery,
    );
  });
});

describe('acknowledge, silence, mute', () => {
  it('an acknowledgement goes live to subscribers, is kept, and stops the reminders of that alert only', async () => {
    const hook = await receiver();
    const { server } = await serverWith(`
channels: [{ id: ops, type: webhook, url: "${hook.url}" }]
routes: [{ channels: [ops], group_by: [site], group_wait: 0s, group_interval: 1s, repeat_interval: 2s }]
`);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/live`);
    closers.push(async () => ws.close());
    const messages: { type: string; kind?: string; alerts?: Alert[] }[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'subscribe', channels: [`alerts/${SITE}`] }));

    const a = overweightLine();
    const b = overweightLine();
    await writeLine(server, `${a.line}\n${b.line}`);
    const idOf = (plate: string) =>
      waitFor(
        'the alert',
        () =>
          server.deps.alerts.snapshot(SITE).active.find((x) => x.kind === 'overweight' && x.plate === plate)
            ?.id,
        delivery,
      );
    const idA = await idOf(a.plate);
    const idB = await idOf(b.plate);
    type Body = { alerts: { id: string; state: string }[] };
    const repeatWith = (ids: string[]) =>
      waitFor(
        'a reminder',
        () =>
          hook.requests.find((r, i) => {
            const alerts = (r.json as Body).alerts;
            return (
              i > 0 &&
              alerts.every((x) => x.state === 'repeat') &&
              alerts
                .map((x) => x.id)
                .sort()
                .join() === ids.sort().join()
            );
          }),
        delivery,
      );
    await repeatWith([idA, idB]);

    const res = await fetch(`${server.url}/api/alerts/ack`, {
      method: 'POST',
      body: JSON.stringify({ id: idA, by: '王芳', note: '司机已联系' }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).alert.ack).toMatchObject({ by: '王芳', note: '司机已联系' });
    const live = await waitFor(
      'the live acknowledgement',
      () =>
        messages
          .flatMap((m) => (m.type === 'append' && m.kind === 'alerts' ? (m.alerts ?? []) : []))
          .find((x) => x.id === idA && x.ack),
      delivery,
    );
    expect(live.ack).toMatchObject({ by: '王芳' });
    const seen = hook.requests.length;
    await repeatWith([idB]); // the next reminder leaves the acknowledged alert out
    expect(hook.requests.slice(seen).some((r) => (r.json as Body).alerts.some((x) => x.id === idA))).toBe(
      false,
    );

    const h = await history(server);
    expect(h).toContainEqual(
      expect.objectContaining({ type: 'ack', alertId: idA, ack: expect.objectContaining({ by: '王芳' }) }),
    );
    const csv = await (await fetch(`${server.url}/api/alerts/history?site=${SITE}&format=csv`)).text();
    expect(csv).toContain('acknowledged');
    expect(csv).toContain('王芳');
    // Acknowledging a cleared or unknown alert is refused with a reason.
    const unknown = await fetch(`${server.url}/api/alerts/ack`, {
      method: 'POST',
      body: JSON.stringify({ id: 'x', by: 'y' }),
    });
    expect(unknown.status).toBe(404);
  });

  it('a silence created through the API keeps matching alerts from being sent, and says so in the history', async () => {
    const hook = await receiver();
    const { server } = await serverWith(`
channels: [{ id: ops, type: webhook, url: "${hook.url}" }]
routes: [{ channels: [ops] }]
`);
    const res = await fetch(`${server.url}/api/silences`, {
      method: 'POST',
      body: JSON.stringify({
        matchers: { site: SITE, kind: 'overweight' },
        durationMinutes: 60,
        reason: 'weighbridge calibration',
        createdBy: 'Li Wei',
      }),
    });
    expect(res.status).toBe(200);
    const { silence } = await res.json();
    expect((await (await fetch(`${server.url}/api/silences`)).json()).silences).toEqual([silence]);
    await writeLine(server, overweightLine().line);
    const rec = await waitFor(
      'the silenced record',
      async () => (await history(server)).find((e) => e.type === 'notification' && e.outcome === 'silenced'),
      delivery,
    );
    expect(rec.type === 'notification' && rec.detail).toContain('weighbridge calibration');
    // Ending it lets the next alert through.
    expect(
      (
        await fetch(`${server.url}/api/silences/end`, {
          method: 'POST',
          body: JSON.stringify({ id: silence.id }),
        })
      ).status,
    ).toBe(200);
    const { plate } = overweightLine();
    await writeLine(server, overweightLine(plate).line);
    const [req] = await hook.waitFor(1);
    expect((req!.json as { alerts: Alert[] }).alerts).toMatchObject([{ kind: 'overweight', plate }]);
    expect(hook.requests).toHaveLength(1); // the silenced one never went out
  });

  it('a route inside a mute timing sends nothing', async () => {
    const hook = await receiver();
    const { server } = await serverWith(`
channels: [{ id: ops, type: webhook, url: "${hook.url}" }, { id: other, type: webhook, url: "${hook.url}/other" }]
routes:
  - { channels: [ops], mute_timings: [all-day], continue: true }
  - { channels: [other] }
mute_timings:
  - name: all-day
    time_zone: Asia/Shanghai
    intervals: [{ times: [{ start: "00:00", end: "24:00" }] }]
`);
    await writeLine(server, overweightLine().line);
    const [req] = await hook.waitFor(1);
    expect(req!.path).toBe('/other');
    const muted = await waitFor(
      'the muted record',
      async () => (await history(server)).find((e) => e.type === 'notification' && e.outcome === 'muted'),
      delivery,
    );
    expect(muted).toMatchObject({ channel: 'ops', detail: 'mute timing all-day' });
    expect(hook.requests.filter((r) => r.path !== '/other')).toEqual([]);
  });
});

describe('rules file', () => {
  it('per-site thresholds override the environment', async () => {
    const { server } = await serverWith(`
thresholds:
  regions: { east: { delay_min: 20 } }
  sites: { ${SITE}: { hold_min: 5 } }
`);
    expect(server.deps.alerting.thresholdsFor(SITE)).toMatchObject({
      holdMinutes: 5,
      delayMinutes: 20,
      slaShare: 0.9,
    });
  });

  it('a broken file on reload keeps the previous rules and logs file, path and reason; a good one is taken', async () => {
    const logs: { msg: string; extra?: Record<string, unknown> }[] = [];
    const first = await receiver();
    const second = await receiver();
    const { server, file } = await serverWith(
      `channels: [{ id: ops, type: webhook, url: "${first.url}" }]\nroutes: [{ channels: [ops] }]\n`,
      {},
      (_l, msg, extra) => logs.push({ msg, ...(extra ? { extra } : {}) }),
    );
    writeFileSync(
      file,
      `channels: [{ id: ops, type: webhook, url: "ftp://x" }]\nroutes: [{ channels: [ops, nope] }]\n`,
    );
    const bad = await waitFor(
      'the reload error',
      () => logs.find((l) => l.msg.includes('keeping the previous rules')),
      delivery,
    );
    const problems = bad.extra?.problems as string[];
    expect(problems).toContainEqual(`${file}: channels.0.url: an http:// or https:// URL`);
    await writeLine(server, overweightLine().line);
    await first.waitFor(1); // still the old rules
    writeFileSync(
      file,
      `channels: [{ id: ops, type: webhook, url: "${second.url}" }]\nroutes: [{ channels: [ops] }]\n`,
    );
    process.kill(process.pid, 'SIGHUP');
    await waitFor('the reload', () => logs.find((l) => l.msg === 'alerting rules reloaded'), delivery);
    await writeLine(server, overweightLine().line);
    await second.waitFor(1);
    expect(server.deps.readiness().checks.alert_rules?.detail).toMatch(/last reload failed/);
  });
});
