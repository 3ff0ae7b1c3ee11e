import { demoPdf } from '#scripts/seed/demo-evidence.ts';
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/**
 * Small sample files for evidence tests, each with the right magic bytes and a plausible inside:
 * a PDF with a page and a cross-reference table, a 1×1 JPEG, PNG and WebP, DOCX and XLSX as the
 * ZIP containers Office writes (with [Content_Types].xml and word/ or xl/ parts), an MP4 that
 * opens with its ftyp box. And the impostors: executables renamed to look like documents.
 */
export interface SampleFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

export const CONTENT_TYPES = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  mp4: 'video/mp4',
} as const;

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A minimal valid PDF (the same builder the demo archive uses). */
export function pdf(text = 'Safe community'): Uint8Array {
  return demoPdf(text);
}

/** A 1×1 baseline JPEG (JFIF, one grey pixel). */
export function jpeg(): Uint8Array {
  return Buffer.from(
    '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
    'base64',
  );
}

/** A 1×1 RGB PNG, built chunk by chunk with real CRCs. */
export function png(): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x2e, 0x7d, 0x32]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 1×1 lossless WebP (RIFF container, VP8L chunk). */
export function webp(): Uint8Array {
  return Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
}

export function docx(paragraph = '安全社区创建工作方案'): Uint8Array {
  return zip([
    ['[Content_Types].xml', contentTypesXml('/word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')],
    ['_rels/.rels', relsXml('word/document.xml')],
    [
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${paragraph}</w:t></w:r></w:p></w:body></w:document>`,
    ],
  ]);
}

export function xlsx(): Uint8Array {
  return zip([
    ['[Content_Types].xml', contentTypesXml('/xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')],
    ['_rels/.rels', relsXml('xl/workbook.xml')],
    [
      'xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="签到表" sheetId="1"/></sheets></workbook>',
    ],
    ['xl/worksheets/sheet1.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'],
  ]);
}

/** An MP4 that starts as every MP4 does: an ftyp box (brand isom), then an empty mdat. */
export function mp4(extraBytes = 0): Uint8Array {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypisom', 4, 'latin1');
  ftyp.writeUInt32BE(0x200, 12);
  ftyp.write('isommp41', 16, 'latin1');
  const mdat = Buffer.alloc(8 + extraBytes);
  mdat.writeUInt32BE(8 + extraBytes, 0);
  mdat.write('mdat', 4, 'latin1');
  return Buffer.concat([ftyp, mdat]);
}

/** The start of a Linux executable. */
export function elfExecutable(): Uint8Array {
  const elf = Buffer.alloc(128);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0);
  return elf;
}

/** The start of a Windows executable. */
export function windowsExecutable(): Uint8Array {
  const exe = Buffer.alloc(128);
  exe.write('MZ', 0, 'latin1');
  exe.write('This program cannot be run in DOS mode.', 78, 'latin1');
  return exe;
}

export const SAMPLES: Readonly<Record<keyof typeof CONTENT_TYPES, () => SampleFile>> = {
  pdf: () => ({ fileName: '安全社区创建工作方案.pdf', contentType: CONTENT_TYPES.pdf, bytes: pdf() }),
  jpeg: () => ({ fileName: '应急演练现场照片.jpg', contentType: CONTENT_TYPES.jpeg, bytes: jpeg() }),
  png: () => ({ fileName: '社区安全地图.png', contentType: CONTENT_TYPES.png, bytes: png() }),
  webp: () => ({ fileName: '宣传栏.webp', contentType: CONTENT_TYPES.webp, bytes: webp() }),
  docx: () => ({ fileName: '促进委员会会议纪要.docx', contentType: CONTENT_TYPES.docx, bytes: docx() }),
  xlsx: () => ({ fileName: '培训签到表.xlsx', contentType: CONTENT_TYPES.xlsx, bytes: xlsx() }),
  mp4: () => ({ fileName: '消防演练.mp4', contentType: CONTENT_TYPES.mp4, bytes: mp4(64) }),
};

function contentTypesXml(partName: string, contentType: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="${partName}" ContentType="${contentType}"/></Types>`
  );
}

function relsXml(target: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${target}"/></Relationships>`
  );
}

/** A ZIP archive of the entries, deflated, with local headers, a central directory and its end record. */
export function zip(entries: readonly (readonly [name: string, content: string])[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const compressed = deflateSync(data, { level: 9 }).subarray(2, -4); // raw deflate: drop the zlib header and Adler-32
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
