import type { DatabaseHost } from '../data/host';
import type { RedshiftDataService, SavedStatements } from '../data/service';
import type { RedshiftState } from '../redshift';
import { restoreRedshift, saveRedshift, type SavedRedshift } from '../redshift/saved';
import type { ServerlessState } from '../serverless';
import { restoreServerless, saveServerless, type SavedServerless } from '../serverless/saved';
import { ImageReader, ImageWriter, type SavedImage } from './images';

/** One live warehouse: the Redshift database names it serves and a dump of its data. */
export interface SavedWarehouse {
  key: string;
  databases: string[];
  image: SavedImage;
}

/**
 * Everything the emulator would need to carry on after a restart: the control plane's records,
 * the Data API's recent statements and every database, live or in a snapshot, as dumps on disk.
 * Test hooks (injected faults, held failures) are not kept.
 */
export interface SavedEmulator {
  warehouses: SavedWarehouse[];
  redshift: SavedRedshift;
  serverless: SavedServerless;
  statements: SavedStatements;
}

export interface EmulatorParts {
  databases: DatabaseHost;
  redshift: RedshiftState;
  serverless: ServerlessState;
  data: RedshiftDataService;
}

/** Writes the dumps into `imageDir` and returns the rest, for the caller to store beside them. */
export async function saveEmulator(parts: EmulatorParts, imageDir: string): Promise<SavedEmulator> {
  const images = new ImageWriter();
  // Settling first finishes what is due (deletions drop their databases), so only live warehouses are dumped.
  const redshift = await saveRedshift(parts.redshift, images);
  const serverless = await saveServerless(parts.serverless, images);
  const warehouses: SavedWarehouse[] = [];
  for (const key of parts.databases.keys()) {
    const image = await parts.databases.image(key);
    warehouses.push({ key, databases: [...(await parts.databases.databases(key))], image: images.ref(image) });
  }
  await images.write(imageDir);
  return { warehouses, redshift, serverless, statements: parts.data.saved() };
}

/** What the services run instead of their seed to come back as saved. */
export interface EmulatorLoaders {
  redshift(state: RedshiftState): Promise<void>;
  serverless(state: ServerlessState): Promise<void>;
}

export function emulatorLoaders(saved: SavedEmulator, imageDir: string, databases: DatabaseHost): EmulatorLoaders {
  const images = new ImageReader(imageDir);
  const warehouses = Promise.all(
    saved.warehouses.map(async (warehouse) =>
      databases.create(warehouse.key, { databases: warehouse.databases, image: await images.image(warehouse.image) }),
    ),
  );
  return {
    redshift: async (state) => {
      await warehouses;
      await restoreRedshift(state, saved.redshift, images);
    },
    serverless: async (state) => {
      await warehouses;
      await restoreServerless(state, saved.serverless, images);
    },
  };
}
