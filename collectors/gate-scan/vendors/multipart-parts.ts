// The parts of a multipart/form-data body, read with busboy (the parser behind multer): camera pushes carry
// an XML or JSON part and JPEG parts. Busboy works on streams; a buffered body is written to it in one go.
import busboy from 'busboy';

export interface Part {
  name: string;
  filename: string | undefined;
  contentType: string;
  data: Buffer;
}

export function multipartParts(body: Buffer, contentType: string): Promise<Part[]> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType }, limits: { fieldSize: body.length } });
    } catch (e) {
      reject(e);
      return;
    }
    const parts: Part[] = [];
    parser.on('field', (name, value, info) =>
      parts.push({ name, filename: undefined, contentType: info.mimeType, data: Buffer.from(value, 'utf8') }),
    );
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () =>
        parts.push({
          name,
          filename: info.filename,
          contentType: info.mimeType,
          data: Buffer.concat(chunks),
        }),
      );
    });
    parser.on('error', reject);
    parser.on('close', () => resolve(parts));
    parser.end(body);
  });
}
