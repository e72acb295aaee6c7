// The push side of the feeds: senders POST their messages (AIDX XML, JSON, JSON Lines or CSV, in the feed's
// format) to the collector, as AODB / A-CDM systems push AIDX. Each message is answered once its events are with
// the writer: AIDX senders get IATA_AIDX_FlightLegRS (Success, with a Warning per refused leg), others JSON.
// A malformed message is answered with the error in the sender's form (Errors, or 400 JSON), logged naming
// the feed, the sender and the reason, and counted — never a crash, never a silent drop. A message whose
// departures the writer could not take is answered 503 (Errors), so the sender sends it again.
import { errorReply, type JsonReply, type JsonRequest } from '../common/runner/json-http-server';
import { flightLegRs } from './aidx';
import type { FlightDepartureConfig } from './config';
import { parseFeed } from './feed-source';
import type { FeedName, FlightDepartureCollector } from './flight-departure';

const xml = (status: number, text: string): JsonReply => ({
  status,
  text,
  contentType: 'application/xml; charset=utf-8',
});

export function feedPushHandler(
  collector: FlightDepartureCollector,
  c: FlightDepartureConfig,
): (req: JsonRequest) => Promise<JsonReply> {
  return async (req) => {
    const feed: FeedName | undefined =
      req.path === c.source.path
        ? 'departures feed'
        : req.path === c.cargo?.source.path
          ? 'cargo feed'
          : undefined;
    if (!feed) return errorReply(404, 'not_found', `no feed at ${req.path}`);
    if (req.method !== 'POST') return errorReply(405, 'invalid', `${req.path} takes POST`);
    const spec = collector.feedSpec(feed);
    const aidx = spec.format === 'aidx';
    collector.counters.pushes++;
    let batch: ReturnType<typeof parseFeed>;
    try {
      batch = parseFeed(spec, collector.feedContextOf(feed), req.raw.toString('utf8'));
    } catch (e) {
      const reason = (e as Error).message;
      collector.malformed(feed, req.remoteAddress, reason);
      return aidx ? xml(400, flightLegRs({ errors: [reason] })) : errorReply(400, 'invalid', reason);
    }
    try {
      await collector.take(feed, batch, req.remoteAddress);
    } catch (e) {
      // Not stored: the sender keeps the message and sends it again (nothing was taken as reported).
      const reason = `not stored, send again: ${(e as Error).message}`;
      return aidx ? xml(503, flightLegRs({ errors: [reason] })) : errorReply(503, 'unavailable', reason);
    }
    return aidx
      ? xml(200, flightLegRs({ warnings: batch.problems }))
      : { status: 200, body: { accepted: batch.records.length, problems: batch.problems } };
  };
}
