import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';

/** One entry of a PDF's outline (bookmarks): its title and the 1-based page it points to. */
export interface OutlineEntry {
  title: string;
  page: number;
  depth: number;
}

/**
 * Reads the outline Chromium writes from a page's headings (print option `outline`), so a
 * report can print the page of each section in its contents. Entries without an explicit page
 * destination are skipped.
 */
export async function readOutline(pdf: Uint8Array): Promise<OutlineEntry[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const pages = doc.getPages().map((p) => p.ref.toString());
  const out: OutlineEntry[] = [];
  const walk = (parent: PDFDict, depth: number) => {
    let item = parent.lookupMaybe(PDFName.of('First'), PDFDict);
    // Bounded: a malformed outline with a cycle must not hang the report.
    for (let guard = 0; item && guard < 100_000; guard++) {
      const t = item.lookup(PDFName.of('Title'));
      const title = t instanceof PDFString || t instanceof PDFHexString ? t.decodeText() : '';
      let dest = item.lookup(PDFName.of('Dest'));
      if (!dest) dest = item.lookupMaybe(PDFName.of('A'), PDFDict)?.lookup(PDFName.of('D'));
      if (dest instanceof PDFArray) {
        const page = pages.indexOf(String(dest.get(0)));
        if (page >= 0) out.push({ title, page: page + 1, depth });
      }
      walk(item, depth + 1);
      item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
    }
  };
  const root = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (root) walk(root, 0);
  return out;
}

/** The page count of a PDF. */
export async function pageCount(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
}
