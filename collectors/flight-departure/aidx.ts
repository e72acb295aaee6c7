// Reads IATA AIDX flight-leg XML (IATA_AIDX_FlightLegNotifRQ as airports push it; also IATA_AIDX_FlightLegRS,
// bare or in a SOAP envelope, as a pull answers) into feed records with our field names. Per FlightLeg:
// LegIdentifier { Airline, FlightNumber, DepartureAirport, ArrivalAirport, OriginDate } and LegData's
// OperationTime elements, whose OperationQualifier (OFB off-block, TKO take-off) and TimeType (SCT scheduled,
// EST estimated, ACT actual) say which time each one is: OFB/SCT → SOBT, OFB/ACT → AOBT, TKO/ACT → ATOT. The
// last of repeated ones counts; xsi:nil ones are absent. DeadLoad elements (Type, Weight with MeasurementUnit)
// of the configured types add up to the cargo load. ICAO codes are turned into IATA ones (iata-codes.ts).

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { kgPerUnit } from '../common/units/kg-per-unit';
import { iataAirline, iataAirport } from './iata-codes';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Flight numbers such as 0221 and codes stay text; times are parsed by the departure reader.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'FlightLeg' || name === 'OperationTime' || name === 'DeadLoad',
});

export interface AidxOptions {
  /** The IATA code of the airport whose departures are read (legs departing elsewhere are skipped). */
  airport: string;
  /** DeadLoad Types that count as cargo (case-insensitive). */
  cargoTypes: readonly string[];
}

export type AidxResult =
  | {
      ok: true;
      /** One record per departing leg: flight_no, carrier, destination, sobt, aobt, atot, cargo_kg, date. */
      records: Record<string, unknown>[];
      /** Legs refused (unknown codes, no flight number), each naming the leg. */
      problems: string[];
      /** Legs that do not depart from this airport (arrivals). */
      otherLegs: number;
    }
  | { ok: false; reason: string };

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);
/** An element's text, whether it came as a string or as { '#text', attributes }. */
const textOf = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : isNode(v) && typeof v['#text'] === 'string' ? v['#text'].trim() : '';

/** All FlightLeg elements, wherever the message puts them (NotifRQ, RS, a SOAP Body). */
function flightLegs(doc: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(doc)) for (const d of doc) flightLegs(d, found);
  else if (isNode(doc))
    for (const [k, v] of Object.entries(doc)) {
      if (k === 'FlightLeg' && Array.isArray(v)) found.push(...v.filter(isNode));
      else if (!k.startsWith('@_')) flightLegs(v, found);
    }
  return found;
}

function deadLoads(node: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const d of node) deadLoads(d, found);
  else if (isNode(node))
    for (const [k, v] of Object.entries(node)) {
      if (k === 'DeadLoad' && Array.isArray(v)) found.push(...v.filter(isNode));
      else if (!k.startsWith('@_')) deadLoads(v, found);
    }
  return found;
}

export function rootElement(text: string): string | undefined {
  return /<(?:[\w.-]+:)?([\w.-]+)[\s>/]/.exec(
    text.replace(/<\?[^>]*\?>/g, '').replace(/<!--[\s\S]*?-->/g, ''),
  )?.[1];
}

export function readAidx(text: string, o: AidxOptions): AidxResult {
  if (/<!DOCTYPE/i.test(text)) return { ok: false, reason: 'a DOCTYPE is not allowed in an AIDX message' };
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    return {
      ok: false,
      reason: `not valid XML: line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`,
    };
  const legs = flightLegs(parser.parse(text));
  if (legs.length === 0)
    return { ok: false, reason: `no FlightLeg in the message (root ${rootElement(text)})` };
  const records: Record<string, unknown>[] = [];
  const problems: string[] = [];
  let otherLegs = 0;
  const cargoTypes = new Set(o.cargoTypes.map((t) => t.toUpperCase()));
  for (const [i, leg] of legs.entries()) {
    const id = isNode(leg.LegIdentifier) ? leg.LegIdentifier : {};
    const airlineCode = textOf(id.Airline);
    const number = textOf(id.FlightNumber);
    const suffix = textOf(id.OperationalSuffix);
    const name = `FlightLeg ${i + 1} (${airlineCode}${number}${suffix})`;
    if (!airlineCode || !/^\d{1,4}$/.test(number)) {
      problems.push(`${name}: LegIdentifier needs an Airline and a FlightNumber of 1-4 digits`);
      continue;
    }
    const from = iataAirport(textOf(id.DepartureAirport));
    if (!from.ok) {
      problems.push(`${name}: DepartureAirport: ${from.reason}`);
      continue;
    }
    if (from.iata !== o.airport) {
      otherLegs++;
      continue;
    }
    const airline = iataAirline(airlineCode);
    if (!airline.ok) {
      problems.push(`${name}: Airline: ${airline.reason}`);
      continue;
    }
    const to = iataAirport(textOf(id.ArrivalAirport));
    if (!to.ok) {
      problems.push(`${name}: ArrivalAirport: ${to.reason}`);
      continue;
    }
    const times = new Map<string, string>();
    const legData = isNode(leg.LegData) ? leg.LegData : {};
    for (const t of (legData.OperationTime as unknown[] | undefined) ?? []) {
      const value = textOf(t);
      if (!isNode(t) || value === '') continue; // xsi:nil
      times.set(`${t['@_OperationQualifier']}/${t['@_TimeType']}`, value);
    }
    let cargoKg: number | undefined;
    let unreadable: string | undefined;
    for (const d of deadLoads(leg)) {
      if (!cargoTypes.has(textOf(d.Type).toUpperCase())) continue;
      const weight = d.Weight;
      const unit = isNode(weight) ? String(weight['@_MeasurementUnit'] ?? 'Kilogram') : 'Kilogram';
      const value = Number(textOf(weight));
      if (textOf(weight) === '' || !Number.isFinite(value) || kgPerUnit(unit) === undefined) {
        unreadable = `${name}: DeadLoad ${textOf(d.Type)}: unreadable Weight "${textOf(weight)}" ${unit}`;
        break;
      }
      cargoKg = (cargoKg ?? 0) + value * kgPerUnit(unit)!;
    }
    if (unreadable) {
      problems.push(unreadable);
      continue;
    }
    records.push({
      flight_no: `${airline.iata}${Number(number)}${suffix}`,
      carrier: airline.iata,
      destination: to.iata,
      date: textOf(id.OriginDate),
      sobt: times.get('OFB/SCT'),
      aobt: times.get('OFB/ACT'),
      atot: times.get('TKO/ACT'),
      ...(cargoKg === undefined ? {} : { cargo_kg: Math.round(cargoKg * 10) / 10 }),
    });
  }
  return { ok: true, records, problems, otherLegs };
}

const escapeXml = (s: string) =>
  s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/** The acknowledgement an AIDX sender waits for: IATA_AIDX_FlightLegRS with Success (and Warnings) or Errors. */
export function flightLegRs(outcome: { errors?: string[]; warnings?: string[] }, now = new Date()): string {
  const head = `<?xml version="1.0" encoding="UTF-8"?>\n<IATA_AIDX_FlightLegRS xmlns="http://www.iata.org/IATA/2007/00" Version="16.1" TimeStamp="${now.toISOString()}">\n`;
  if (outcome.errors?.length)
    return `${head}  <Errors>\n${outcome.errors.map((e) => `    <Error Type="3">${escapeXml(e)}</Error>\n`).join('')}  </Errors>\n</IATA_AIDX_FlightLegRS>\n`;
  const warnings = outcome.warnings?.length
    ? `  <Warnings>\n${outcome.warnings.map((w) => `    <Warning Type="3">${escapeXml(w)}</Warning>\n`).join('')}  </Warnings>\n`
    : '';
  return `${head}  <Success/>\n${warnings}</IATA_AIDX_FlightLegRS>\n`;
}
