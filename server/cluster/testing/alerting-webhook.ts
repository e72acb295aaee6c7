// The alerting set-up the cluster alerting tests share: a real webhook receiver on 127.0.0.1 and a rules file
// (in a temp dir) that routes every alert to it as channel `ops`; the nodes get the file as
// PORTPULSE_ALERTING_FILE. Also reads the overweight trucks a notification announced as raised.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Answer,
  type HttpReceiver,
  type ReceivedRequest,
  startHttpReceiver,
} from '../../alerts/testing/http-receiver';
import { tempDir } from '../../testing/test-config';

export interface AlertingWebhook {
  hook: HttpReceiver;
  /** The rules file's path (PORTPULSE_ALERTING_FILE). */
  rulesFile: string;
  close(): Promise<void>;
}

/** Starts the receiver (answering as `handler` says, 200 by default) and writes the rules file pointing at it. */
export async function startAlertingWebhook(
  handler?: (r: ReceivedRequest) => Answer,
): Promise<AlertingWebhook> {
  const hook = await startHttpReceiver(handler);
  const dir = tempDir('portpulse-cluster-alerting-rules-');
  const rulesFile = join(dir.path, 'alerting.yaml');
  writeFileSync(
    rulesFile,
    `channels: [{ id: ops, type: webhook, url: "${hook.url}" }]\nroutes: [{ channels: [ops] }]\n`,
  );
  return {
    hook,
    rulesFile,
    close: async () => {
      await hook.close();
      dir.remove();
    },
  };
}

/** The plates of the overweight alerts one webhook request announced as raised, in its order. */
export function raisedOverweightPlates(r: ReceivedRequest): string[] {
  return (r.json as { alerts: { kind: string; plate?: string; state?: string }[] }).alerts
    .filter((a) => a.kind === 'overweight' && a.state === 'raised')
    .map((a) => a.plate ?? '');
}
