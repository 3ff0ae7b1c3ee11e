import { posix } from 'node:path';
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';

/**
 * An XLSX file's parts as a reader meets them: the ZIP's entries read with yauzl (names checked,
 * sizes validated), and each XML part parsed by saxes, a strict, namespace-aware XML parser
 * (exceljs reads workbooks with it): a part that is not well-formed XML, or uses an undeclared
 * prefix, throws.
 */

export interface XmlElement {
  /** The qualified name as written, e.g. `c:ser`. */
  readonly name: string;
  /** The namespace URI of the name. */
  readonly uri: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

/** Every entry of the ZIP by name, in its order. */
export function zipEntries(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true, decodeStrings: true, strictFileNames: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
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

/** The document element of an XML text; throws on anything not well-formed. */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('opentag', (tag) => {
    const element: XmlElement = {
      name: tag.name,
      uri: tag.uri,
      attributes: Object.fromEntries(Object.entries(tag.attributes).map(([name, attribute]) => [name, attribute.value])),
      children: [],
      text: '',
    };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('text', (text) => {
    const open = stack.at(-1);
    if (open) open.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(xml).close();
  if (!root) throw new Error('no document element');
  return root;
}

/** Every element named `name` under `element` (itself included), in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return [...(element.name === name ? [element] : []), ...element.children.flatMap((child) => findAll(child, name))];
}

/** The first element named `name` under `element`; throws naming it when there is none. */
export function find(element: XmlElement, name: string): XmlElement {
  const found = findAll(element, name)[0];
  if (!found) throw new Error(`no <${name}> in <${element.name}>`);
  return found;
}

/** The text of a part, parsed; throws naming the part when the ZIP has none. */
export function xmlPart(entries: ReadonlyMap<string, Buffer>, name: string): XmlElement {
  const entry = entries.get(name);
  if (!entry) throw new Error(`no part ${name} in ${[...entries.keys()].join(', ')}`);
  return parseXml(entry.toString('utf8'));
}

/** A relationship part's Id → { Type, Target }. */
export function relationships(entries: ReadonlyMap<string, Buffer>, name: string): Map<string, { type: string; target: string }> {
  return new Map(findAll(xmlPart(entries, name), 'Relationship').map((rel) => [rel.attributes.Id ?? '', { type: rel.attributes.Type ?? '', target: rel.attributes.Target ?? '' }]));
}

/** A relationship's target as a part name: relative to the source part's folder, or absolute. */
function resolveTarget(sourcePart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return posix.normalize(posix.join(posix.dirname(sourcePart), target));
}

/** The rels part of a part: xl/worksheets/sheet2.xml → xl/worksheets/_rels/sheet2.xml.rels. */
function relsOf(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}

/** The part name of the sheet called `sheet`, through workbook.xml and its relationships. */
export function sheetPart(entries: ReadonlyMap<string, Buffer>, sheet: string): string {
  const element = findAll(xmlPart(entries, 'xl/workbook.xml'), 'sheet').find((candidate) => candidate.attributes.name === sheet);
  const relId = element?.attributes['r:id'];
  const target = relId ? relationships(entries, 'xl/_rels/workbook.xml.rels').get(relId)?.target : undefined;
  if (!target) throw new Error(`no sheet ${sheet} in the workbook`);
  return resolveTarget('xl/workbook.xml', target);
}

/**
 * The charts a sheet shows, followed as a reader follows them: the sheet's <drawing r:id>, its
 * relationship to the drawing part, the drawing's <c:chart r:id>s and their relationships.
 */
export function chartsOfSheet(entries: ReadonlyMap<string, Buffer>, sheet: string): { drawingPart: string; chartParts: string[]; charts: XmlElement[] } | undefined {
  const part = sheetPart(entries, sheet);
  const drawing = findAll(xmlPart(entries, part), 'drawing')[0];
  if (!drawing) return undefined;
  const drawingRel = relationships(entries, relsOf(part)).get(drawing.attributes['r:id'] ?? '');
  if (drawingRel?.type !== 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing') throw new Error(`the drawing of ${sheet} has no drawing relationship`);
  const drawingPart = resolveTarget(part, drawingRel.target);
  const drawingRels = relationships(entries, relsOf(drawingPart));
  const chartParts = findAll(xmlPart(entries, drawingPart), 'c:chart').map((chart) => {
    const rel = drawingRels.get(chart.attributes['r:id'] ?? '');
    if (rel?.type !== 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart') throw new Error(`a chart of ${sheet} has no chart relationship`);
    return resolveTarget(drawingPart, rel.target);
  });
  return { drawingPart, chartParts, charts: chartParts.map((chartPart) => xmlPart(entries, chartPart)) };
}

/** What a line chart's series say: name, category and value references, and the cached values. */
export function lineSeries(chart: XmlElement): { name: string; categories: string; values: string; cachedValues: (number | null)[]; cachedCategories: string[] }[] {
  return findAll(find(chart, 'c:lineChart'), 'c:ser').map((series) => {
    const cache = find(find(series, 'c:val'), 'c:numCache');
    const count = Number(find(cache, 'c:ptCount').attributes.val);
    const values: (number | null)[] = Array.from({ length: count }, () => null);
    for (const point of findAll(cache, 'c:pt')) values[Number(point.attributes.idx)] = Number(find(point, 'c:v').text);
    return {
      name: find(find(series, 'c:tx'), 'c:v').text,
      categories: find(find(series, 'c:cat'), 'c:f').text,
      values: find(find(series, 'c:val'), 'c:f').text,
      cachedValues: values,
      cachedCategories: findAll(find(find(series, 'c:cat'), 'c:strCache'), 'c:v').map((value) => value.text),
    };
  });
}
