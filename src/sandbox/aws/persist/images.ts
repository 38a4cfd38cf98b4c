import { link, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, gunzip, gzip } from 'node:zlib';
import type { DatabaseImage } from '../databases';

/** A database image in a saved state: its dump lives in a file of the save's image folder. */
export interface SavedImage {
  key: string;
  takenAt: number;
  file: string;
}

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Dumps that came from a save, and the file they came from: the next save links it instead of writing it again. */
const loadedFrom = new WeakMap<Blob, string>();

/**
 * Collects the images one save refers to. Snapshots, recovery points and restores often share one
 * dump (the emulator reuses the dump of an unchanged warehouse), so each is written once.
 */
export class ImageWriter {
  private readonly files = new Map<Blob, string>();

  ref(image: DatabaseImage): SavedImage {
    let file = this.files.get(image.data);
    if (file === undefined) {
      file = `${this.files.size + 1}.tar.gz`;
      this.files.set(image.data, file);
    }
    return { key: image.key, takenAt: image.takenAt, file };
  }

  async write(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    // Two at a time: each holds a dump's bytes while it compresses.
    const queue = [...this.files];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) await writeImage(join(dir, next[1]), next[0]);
    };
    await Promise.all([worker(), worker()]);
  }
}

async function writeImage(target: string, data: Blob): Promise<void> {
  const source = loadedFrom.get(data);
  // A dump the last save wrote is linked, not compressed again; without hard links it is written anew.
  if (source !== undefined && (await link(source, target).then(() => true, () => false))) return;
  // A dump is ~40 MB of mostly empty pages: the fastest gzip level makes it ~6 MB in a third of a second.
  await writeFile(target, await gzipAsync(new Uint8Array(await data.arrayBuffer()), { level: constants.Z_BEST_SPEED }));
}

/** Reads the images of a save, each file once, so records that shared a dump share it again. */
export class ImageReader {
  private readonly blobs = new Map<string, Promise<Blob>>();

  constructor(private readonly dir: string) {}

  async image(saved: SavedImage): Promise<DatabaseImage> {
    if (!/^\d+\.tar\.gz$/.test(saved.file)) throw new Error(`the saved image name ${JSON.stringify(saved.file)} is not one the sandbox writes`);
    let reading = this.blobs.get(saved.file);
    if (reading === undefined) {
      const path = join(this.dir, saved.file);
      reading = readFile(path).then(async (compressed) => {
        const blob = new Blob([new Uint8Array(await gunzipAsync(compressed))]);
        loadedFrom.set(blob, path);
        return blob;
      });
      this.blobs.set(saved.file, reading);
    }
    return { key: saved.key, takenAt: saved.takenAt, data: await reading };
  }
}
