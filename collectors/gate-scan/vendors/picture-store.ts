// Camera pictures (the JPEG parts of a hikvision-isapi push) saved when an endpoint asks for them: one file
// per part under the endpoint's dir, named by device, arrival time and part name; a part over the size cap
// is not saved but counted, so a misconfigured camera cannot fill the disk one picture at a time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { VendorEndpointConfig } from '../config';

export class PictureStore {
  readonly counters = { picturesSaved: 0, picturesTooLarge: 0 };

  constructor(
    private readonly configDir: string,
    private readonly now: () => number = Date.now,
  ) {}

  save(endpoint: VendorEndpointConfig, device: string, name: string, data: Buffer): boolean {
    const pictures = endpoint.pictures;
    if (!pictures) return false;
    if (data.length > pictures.maxBytes) {
      this.counters.picturesTooLarge++;
      return false;
    }
    const dir = resolve(this.configDir, pictures.dir);
    mkdirSync(dir, { recursive: true });
    const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
    writeFileSync(
      join(dir, `${safe(device)}-${this.now()}-${this.counters.picturesSaved}-${safe(name)}`),
      data,
    );
    this.counters.picturesSaved++;
    return true;
  }
}
