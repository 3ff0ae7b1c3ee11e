import type { FileKind } from './model.ts';

/**
 * What a file is, by its own bytes (its "magic"), never by its name or declared type. The
 * processor reads an object once, keeping its first and last bytes: the head holds every
 * signature checked here, and the tail holds a ZIP's central directory, which names the entries
 * that tell a Word document (`word/`) from a workbook (`xl/`).
 */
export const HEAD_BYTES = 64 * 1024;
export const TAIL_BYTES = 256 * 1024;

export interface FileSample {
  /** The first bytes of the file, up to HEAD_BYTES. */
  readonly head: Uint8Array;
  /** The last bytes of the file, up to TAIL_BYTES (overlapping the head for a small file). */
  readonly tail: Uint8Array;
  /** The whole file's length. */
  readonly size: number;
}

export type ContentCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const KIND_NAMES: Readonly<Record<FileKind, string>> = {
  PDF: 'a PDF document',
  JPEG: 'a JPEG image',
  PNG: 'a PNG image',
  WEBP: 'a WebP image',
  DOCX: 'a Word document (DOCX)',
  XLSX: 'an Excel workbook (XLSX)',
  MP4: 'an MP4 video',
};

/** Whether the sample is the kind declared; otherwise what it looks like instead. */
export function checkContent(declared: FileKind, sample: FileSample): ContentCheck {
  if (recognise(sample) === declared) return { ok: true };
  return { ok: false, reason: `the file's content is ${describeContent(sample)}, not ${KIND_NAMES[declared]}` };
}

/** The allowed kind the bytes are, if any. */
export function recognise(sample: FileSample): FileKind | undefined {
  const { head } = sample;
  if (startsWith(head, PDF)) return 'PDF';
  if (startsWith(head, JPEG)) return 'JPEG';
  if (startsWith(head, PNG)) return 'PNG';
  if (startsWith(head, RIFF) && startsWith(head, WEBP, 8)) return 'WEBP';
  if (startsWith(head, FTYP, 4)) return 'MP4';
  if (startsWith(head, ZIP_LOCAL_HEADER)) {
    const names = zipEntryNames(sample);
    const officeOpenXml = names.includes('[Content_Types].xml');
    if (officeOpenXml && names.some((name) => name.startsWith('word/'))) return 'DOCX';
    if (officeOpenXml && names.some((name) => name.startsWith('xl/'))) return 'XLSX';
  }
  return undefined;
}

/** A short description for rejection reasons: what the file turned out to be. */
export function describeContent(sample: FileSample): string {
  const kind = recognise(sample);
  if (kind) return KIND_NAMES[kind];
  const { head } = sample;
  if (head.length === 0) return 'empty';
  if (startsWith(head, ELF)) return 'an ELF executable';
  if (startsWith(head, MZ)) return 'a Windows executable (MZ)';
  if (MACH_O.some((signature) => startsWith(head, signature))) return 'a Mach-O executable';
  if (startsWith(head, SHEBANG)) return 'a script';
  if (startsWith(head, ZIP_LOCAL_HEADER)) return 'a ZIP archive that is neither a Word document nor an Excel workbook';
  if (/^\s*<(!doctype html|html|script|svg)/i.test(asciiPrefix(head, 256))) return 'HTML or SVG markup';
  return 'unrecognised content';
}

/**
 * Entry names of a ZIP file: from the central directory when the tail holds it (where the end of
 * central directory record points), and from the local headers at the start of the head, which
 * covers archives whose directory the tail does not reach (ZIP64, very many entries).
 */
export function zipEntryNames(sample: FileSample): string[] {
  return [...new Set([...centralDirectoryNames(sample), ...localHeaderNames(sample.head)])];
}

function centralDirectoryNames({ tail, size }: FileSample): string[] {
  const names: string[] = [];
  const tailStart = size - tail.length;
  // The end of central directory record (22 bytes + a comment of up to 65535) closes the file.
  for (let eocd = tail.length - 22; eocd >= 0 && eocd >= tail.length - 22 - 0xffff; eocd -= 1) {
    if (readUint32(tail, eocd) !== 0x06054b50) continue;
    const directorySize = readUint32(tail, eocd + 12);
    const directoryOffset = readUint32(tail, eocd + 16);
    if (directoryOffset < tailStart || directoryOffset + directorySize > size) return names;
    let entry = directoryOffset - tailStart;
    const end = entry + directorySize;
    while (entry + 46 <= end && readUint32(tail, entry) === 0x02014b50) {
      const nameLength = readUint16(tail, entry + 28);
      const extraLength = readUint16(tail, entry + 30);
      const commentLength = readUint16(tail, entry + 32);
      names.push(utf8(tail.subarray(entry + 46, entry + 46 + nameLength)));
      entry += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return names;
}

function localHeaderNames(head: Uint8Array): string[] {
  const names: string[] = [];
  let offset = 0;
  while (offset + 30 <= head.length && readUint32(head, offset) === 0x04034b50) {
    const flags = readUint16(head, offset + 6);
    const compressedSize = readUint32(head, offset + 18);
    const nameLength = readUint16(head, offset + 26);
    const extraLength = readUint16(head, offset + 28);
    names.push(utf8(head.subarray(offset + 30, offset + 30 + nameLength)));
    // With a data descriptor (flag bit 3) the size follows the data: the next header cannot be found.
    if ((flags & 0x08) !== 0 && compressedSize === 0) break;
    offset += 30 + nameLength + extraLength + compressedSize;
  }
  return names;
}

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (value: string) => Uint8Array.from(value, (char) => char.charCodeAt(0));

const PDF = ascii('%PDF-');
const JPEG = bytes(0xff, 0xd8, 0xff);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');
const FTYP = ascii('ftyp');
const ZIP_LOCAL_HEADER = bytes(0x50, 0x4b, 0x03, 0x04);
const ELF = bytes(0x7f, 0x45, 0x4c, 0x46);
const MZ = ascii('MZ');
const MACH_O = [bytes(0xfe, 0xed, 0xfa, 0xce), bytes(0xfe, 0xed, 0xfa, 0xcf), bytes(0xcf, 0xfa, 0xed, 0xfe), bytes(0xce, 0xfa, 0xed, 0xfe), bytes(0xca, 0xfe, 0xba, 0xbe)];
const SHEBANG = ascii('#!');

function startsWith(data: Uint8Array, signature: Uint8Array, offset = 0): boolean {
  if (data.length < offset + signature.length) return false;
  return signature.every((value, index) => data[offset + index] === value);
}

function readUint16(data: Uint8Array, offset: number): number {
  return offset + 2 <= data.length ? (data[offset] ?? 0) | ((data[offset + 1] ?? 0) << 8) : -1;
}

function readUint32(data: Uint8Array, offset: number): number {
  if (offset < 0 || offset + 4 > data.length) return -1;
  return ((data[offset] ?? 0) | ((data[offset + 1] ?? 0) << 8) | ((data[offset + 2] ?? 0) << 16)) + (data[offset + 3] ?? 0) * 0x1000000;
}

function utf8(data: Uint8Array): string {
  return new TextDecoder().decode(data);
}

function asciiPrefix(data: Uint8Array, length: number): string {
  return String.fromCharCode(...data.subarray(0, length));
}
