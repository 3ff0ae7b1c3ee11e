import yauzl from 'yauzl';
import { ZipFile } from 'yazl';

/**
 * A line chart added to an XLSX workbook as DrawingML parts. exceljs writes the workbook but has
 * no chart API, and no maintained npm library writes XLSX charts; the parts are few and their
 * schema is stable (ECMA-376 Part 1, §21.2 and §20.5), so this module writes them into the ZIP
 * exceljs made:
 *
 *   xl/charts/chartN.xml                      the chart: c:lineChart, one c:ser per series, whose
 *                                             c:cat and c:val are references to the sheet's cells
 *                                             (so the chart follows an edit), with cached values
 *   xl/drawings/drawingN.xml (+ _rels)        the sheet's drawing: one anchor holding the chart
 *   xl/worksheets/_rels/sheetK.xml.rels       the sheet's relationship to its drawing
 *   xl/worksheets/sheetK.xml                  <drawing r:id="…"/> at its place in CT_Worksheet
 *   [Content_Types].xml                       the chart's and the drawing's content types
 *
 * The ZIP is read with yauzl and written anew with yazl; every other entry is copied unchanged.
 */

/** A rectangle of one column's cells, 0-based (row 0 is the sheet's row 1). */
export interface ColumnRange {
  readonly column: number;
  readonly firstRow: number;
  readonly lastRow: number;
}

export interface LineChartSeries {
  /** The legend's name of the series. */
  readonly name: string;
  readonly values: ColumnRange;
  /** The cells' values now, cached in the chart (a reader that does not recalculate shows them); null is a gap. */
  readonly cache: readonly (number | null)[];
}

export interface LineChartSpec {
  /** The sheet's name, as the workbook lists it. */
  readonly sheet: string;
  readonly title: string;
  readonly categories: ColumnRange;
  readonly categoryCache: readonly string[];
  readonly series: readonly LineChartSeries[];
  /** The cells the chart covers, 0-based: from the top left corner of `from` to the top left corner of `to`. */
  readonly anchor: { readonly from: CellAddress; readonly to: CellAddress };
  /** Number format of the value axis' labels (Excel's codes). */
  readonly valueFormat?: string;
}

export interface CellAddress {
  readonly column: number;
  readonly row: number;
}

const NS = {
  chart: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  drawingMain: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  spreadsheetDrawing: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  relationships: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  packageRelationships: 'http://schemas.openxmlformats.org/package/2006/relationships',
} as const;

const REL_DRAWING = `${NS.relationships}/drawing`;
const REL_CHART = `${NS.relationships}/chart`;
const TYPE_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const TYPE_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';

/** What may follow <drawing> in a worksheet (CT_Worksheet's sequence): the element goes before the first of them. */
const AFTER_DRAWING = ['legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst'];

/** Adds a line chart to the workbook's sheet `spec.sheet`; the workbook is otherwise unchanged. */
export async function addLineChart(xlsx: Uint8Array, spec: LineChartSpec): Promise<Buffer> {
  if (spec.series.length === 0) throw new Error('a chart needs at least one series');
  const entries = await readZip(xlsx);
  const text = (name: string): string => {
    const entry = entries.get(name);
    if (!entry) throw new Error(`the workbook has no ${name}`);
    return entry.toString('utf8');
  };

  const sheetPath = sheetPathOf(text('xl/workbook.xml'), text('xl/_rels/workbook.xml.rels'), spec.sheet);
  const sheetFile = sheetPath.slice(sheetPath.lastIndexOf('/') + 1);
  const sheetRelsPath = `xl/worksheets/_rels/${sheetFile}.rels`;
  const chartNumber = freeNumber(entries, (n) => `xl/charts/chart${n}.xml`);
  const drawingNumber = freeNumber(entries, (n) => `xl/drawings/drawing${n}.xml`);

  const sheetXml = text(sheetPath);
  if (/<drawing\b/.test(sheetXml)) throw new Error(`sheet ${spec.sheet} already has a drawing`);
  const sheetRels = entries.has(sheetRelsPath) ? text(sheetRelsPath) : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.packageRelationships}"></Relationships>`;
  const drawingRelId = freeRelationshipId(sheetRels);

  entries.set(sheetPath, Buffer.from(withDrawing(sheetXml, drawingRelId), 'utf8'));
  entries.set(sheetRelsPath, Buffer.from(withRelationship(sheetRels, drawingRelId, REL_DRAWING, `../drawings/drawing${drawingNumber}.xml`), 'utf8'));
  entries.set(`xl/drawings/drawing${drawingNumber}.xml`, Buffer.from(drawingXml(spec, chartNumber), 'utf8'));
  entries.set(
    `xl/drawings/_rels/drawing${drawingNumber}.xml.rels`,
    Buffer.from(withRelationship(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.packageRelationships}"></Relationships>`, 'rId1', REL_CHART, `../charts/chart${chartNumber}.xml`), 'utf8'),
  );
  entries.set(`xl/charts/chart${chartNumber}.xml`, Buffer.from(chartXml(spec), 'utf8'));
  entries.set(
    '[Content_Types].xml',
    Buffer.from(withOverrides(text('[Content_Types].xml'), [[`/xl/charts/chart${chartNumber}.xml`, TYPE_CHART], [`/xl/drawings/drawing${drawingNumber}.xml`, TYPE_DRAWING]]), 'utf8'),
  );
  return writeZip(entries);
}

/** `'趋势 Trend'!$B$4:$B$15`: absolute, the sheet's name always quoted (a quote in it doubled). */
export function rangeReference(sheet: string, range: ColumnRange): string {
  const column = columnLetters(range.column);
  return `'${sheet.replaceAll("'", "''")}'!$${column}$${range.firstRow + 1}:$${column}$${range.lastRow + 1}`;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function chartXml(spec: LineChartSpec): string {
  const categories = `<c:cat><c:strRef><c:f>${escapeXml(rangeReference(spec.sheet, spec.categories))}</c:f><c:strCache><c:ptCount val="${spec.categoryCache.length}"/>${spec.categoryCache
    .map((label, index) => `<c:pt idx="${index}"><c:v>${escapeXml(label)}</c:v></c:pt>`)
    .join('')}</c:strCache></c:strRef></c:cat>`;
  const series = spec.series
    .map((line, index) => {
      const points = line.cache.map((value, pointIndex) => (value === null ? '' : `<c:pt idx="${pointIndex}"><c:v>${value}</c:v></c:pt>`)).join('');
      return (
        `<c:ser><c:idx val="${index}"/><c:order val="${index}"/><c:tx><c:v>${escapeXml(line.name)}</c:v></c:tx>` +
        `<c:marker><c:symbol val="circle"/><c:size val="5"/></c:marker>${categories}` +
        `<c:val><c:numRef><c:f>${escapeXml(rangeReference(spec.sheet, line.values))}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${line.cache.length}"/>${points}</c:numCache></c:numRef></c:val>` +
        '<c:smooth val="0"/></c:ser>'
      );
    })
    .join('');
  const richText = (words: string) => `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>${escapeXml(words)}</a:t></a:r></a:p></c:rich></c:tx>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<c:chartSpace xmlns:c="${NS.chart}" xmlns:a="${NS.drawingMain}" xmlns:r="${NS.relationships}">` +
    '<c:lang val="zh-CN"/><c:roundedCorners val="0"/>' +
    `<c:chart><c:title>${richText(spec.title)}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>` +
    '<c:plotArea><c:layout/>' +
    `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/><c:axId val="500001"/><c:axId val="500002"/></c:lineChart>` +
    '<c:catAx><c:axId val="500001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>' +
    '<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    '<c:crossAx val="500002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
    '<c:valAx><c:axId val="500002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>' +
    `<c:numFmt formatCode="${escapeXml(spec.valueFormat ?? 'General')}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    '<c:crossAx val="500001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>' +
    '</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>' +
    '</c:chartSpace>'
  );
}

function drawingXml(spec: LineChartSpec, chartNumber: number): string {
  const corner = (tag: string, { column, row }: CellAddress) =>
    `<xdr:${tag}><xdr:col>${column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<xdr:wsDr xmlns:xdr="${NS.spreadsheetDrawing}" xmlns:a="${NS.drawingMain}">` +
    `<xdr:twoCellAnchor editAs="oneCell">${corner('from', spec.anchor.from)}${corner('to', spec.anchor.to)}` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart ${chartNumber}" descr="${escapeXml(spec.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
    `<a:graphic><a:graphicData uri="${NS.chart}"><c:chart xmlns:c="${NS.chart}" xmlns:r="${NS.relationships}" r:id="rId1"/></a:graphicData></a:graphic>` +
    '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>'
  );
}

/** The path in the ZIP of the sheet named `sheet`: its r:id in workbook.xml, resolved through workbook.xml.rels. */
function sheetPathOf(workbookXml: string, workbookRels: string, sheet: string): string {
  const element = [...workbookXml.matchAll(/<sheet\b[^>]*>/g)].map(([tag]) => attributesOf(tag)).find((attributes) => attributes.name === sheet);
  const relId = element?.['r:id'];
  if (!relId) throw new Error(`the workbook has no sheet named ${sheet}`);
  const target = [...workbookRels.matchAll(/<Relationship\b[^>]*>/g)].map(([tag]) => attributesOf(tag)).find((attributes) => attributes.Id === relId)?.Target;
  if (!target) throw new Error(`the workbook's relationships do not name ${relId}`);
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** A tag's attributes, their values unescaped. */
function attributesOf(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w:]+)="([^"]*)"/g)].map(([, name = '', value = '']) => [name, unescapeXml(value)]));
}

function freeNumber(entries: ReadonlyMap<string, Buffer>, path: (n: number) => string): number {
  let n = 1;
  while (entries.has(path(n))) n += 1;
  return n;
}

function freeRelationshipId(rels: string): string {
  const taken = new Set([...rels.matchAll(/\bId="([^"]*)"/g)].map(([, id]) => id));
  let n = 1;
  while (taken.has(`rId${n}`)) n += 1;
  return `rId${n}`;
}

function withRelationship(rels: string, id: string, type: string, target: string): string {
  const relationship = `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`;
  if (/<Relationships\b[^>]*\/>/.test(rels)) return rels.replace(/<Relationships\b([^>]*)\/>/, `<Relationships$1>${relationship}</Relationships>`);
  return rels.replace('</Relationships>', `${relationship}</Relationships>`);
}

function withOverrides(contentTypes: string, overrides: readonly (readonly [string, string])[]): string {
  const added = overrides
    .filter(([part]) => !contentTypes.includes(`PartName="${part}"`))
    .map(([part, type]) => `<Override PartName="${part}" ContentType="${type}"/>`)
    .join('');
  return contentTypes.replace('</Types>', `${added}</Types>`);
}

/** The sheet with <drawing r:id="…"/> where CT_Worksheet puts it, and the r namespace declared. */
function withDrawing(sheetXml: string, relId: string): string {
  const open = /<worksheet\b[^>]*>/.exec(sheetXml);
  if (!open) throw new Error('the sheet has no <worksheet> element');
  let xml = sheetXml;
  if (!/\sxmlns:r=/.test(open[0])) xml = xml.replace(open[0], open[0].replace(/^<worksheet\b/, `<worksheet xmlns:r="${NS.relationships}"`));
  const drawing = `<drawing r:id="${relId}"/>`;
  const positions = AFTER_DRAWING.map((name) => xml.search(new RegExp(`<${name}[\\s/>]`))).filter((index) => index >= 0);
  const at = positions.length > 0 ? Math.min(...positions) : xml.lastIndexOf('</worksheet>');
  if (at < 0) throw new Error('the sheet has no </worksheet>');
  return `${xml.slice(0, at)}${drawing}${xml.slice(at)}`;
}

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
}

function unescapeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}

/** Every entry of the ZIP, in its order (a directory entry kept as an empty buffer). */
export function readZip(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true, decodeStrings: true, strictFileNames: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('not a ZIP'));
      const entries = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error(`cannot read ${entry.fileName}`));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** The entries as a ZIP, [Content_Types].xml first (as Office writes it), deflated. */
function writeZip(entries: ReadonlyMap<string, Buffer>): Promise<Buffer> {
  const zip = new ZipFile();
  const names = [...entries.keys()].sort((a, b) => Number(b === '[Content_Types].xml') - Number(a === '[Content_Types].xml'));
  // A fixed time: the same workbook makes the same bytes.
  const mtime = new Date(Date.UTC(2000, 0, 1));
  for (const name of names) {
    if (name.endsWith('/')) zip.addEmptyDirectory(name, { mtime });
    else zip.addBuffer(entries.get(name) as Buffer, name, { mtime, compress: true });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
