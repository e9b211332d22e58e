/**
 * exceljs's SAX helper (saxes under it, chunks decoded as they come): the one piece of its
 * streaming reader the ledger's sheet parser uses (sheetXml.ts). Not in exceljs's typings.
 */
declare module 'exceljs/lib/utils/parse-sax.js' {
  export type SaxEvent =
    | { eventType: 'opentag'; value: { name: string; attributes: Record<string, string> } }
    | { eventType: 'text'; value: string }
    | { eventType: 'closetag'; value: { name: string } };
  export default function parseSax(iterable: AsyncIterable<unknown>): AsyncGenerator<SaxEvent[]>;
}
