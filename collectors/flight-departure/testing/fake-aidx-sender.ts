// A fake AIDX sender for the socket tests: builds IATA_AIDX_FlightLegNotifRQ messages (the shape of the golden
// case aidx-notif-can) and POSTs them over a real HTTP connection as an AODB's push does.
import { type DeviceAnswer, devicePost } from '../../gate-scan/vendors/testing/fake-devices';

export interface AidxLeg {
  airline: string;
  number: string;
  from: string;
  to: string;
  originDate: string;
  sobt: string;
  aobt?: string;
  /** DeadLoad entries: Type and kg. */
  deadLoad?: [type: string, kg: number][];
}

export function flightLegNotif(legs: AidxLeg[], timeStamp = new Date().toISOString()): string {
  const leg = (l: AidxLeg) => `  <FlightLeg>
    <LegIdentifier>
      <Airline>${l.airline}</Airline>
      <FlightNumber>${l.number}</FlightNumber>
      <DepartureAirport>${l.from}</DepartureAirport>
      <ArrivalAirport>${l.to}</ArrivalAirport>
      <OriginDate>${l.originDate}</OriginDate>
    </LegIdentifier>
    <LegData>
      <OperationTime CodeContext="9750" RepeatIndex="1" TimeType="SCT" OperationQualifier="OFB">${l.sobt}</OperationTime>
      ${l.aobt ? `<OperationTime CodeContext="9750" RepeatIndex="2" TimeType="ACT" OperationQualifier="OFB">${l.aobt}</OperationTime>` : '<OperationTime CodeContext="9750" RepeatIndex="2" TimeType="ACT" OperationQualifier="OFB" xsi:nil="true"/>'}
${(l.deadLoad ?? []).map(([type, kg]) => `      <DeadLoad><Type>${type}</Type><Weight MeasurementUnit="Kilogram">${kg}</Weight></DeadLoad>\n`).join('')}    </LegData>
  </FlightLeg>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<IATA_AIDX_FlightLegNotifRQ xmlns="http://www.iata.org/IATA/2007/00" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" Version="16.1" TimeStamp="${timeStamp}">
  <Originator CompanyShortName="CANAODB"/>
${legs.map(leg).join('\n')}
</IATA_AIDX_FlightLegNotifRQ>
`;
}

/** One push, as the AODB sends it: POST text/xml, a fresh connection. */
export const pushAidx = (url: string, xml: string): Promise<DeviceAnswer> =>
  devicePost(url, xml, { 'content-type': 'text/xml; charset=utf-8' });
