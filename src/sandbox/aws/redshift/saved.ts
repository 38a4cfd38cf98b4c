import type { ImageReader, ImageWriter, SavedImage } from '../persist/images';
import type { CopyGrantRecord } from './copy-grants';
import { ImageSlot, type ClusterRecord, type SnapshotRecord, type TableRestoreRecord } from './model';
import type { RedshiftState } from './state';

/** An image slot once settled: the image, or why it could not be taken. */
export interface SavedSlot {
  image?: SavedImage;
  error?: string;
}

export type SavedSnapshot = Omit<SnapshotRecord, 'image'> & { image: SavedSlot };
export type SavedTableRestore = Omit<TableRestoreRecord, 'image' | 'completing'> & { image: SavedSlot };

/** The provisioned half of a saved emulator: plain records, images by file. */
export interface SavedRedshift {
  clusters: ClusterRecord[];
  snapshots: SavedSnapshot[];
  restores: SavedTableRestore[];
  /** Absent in saves made before grants were served. */
  copyGrants?: CopyGrantRecord[];
}

/** The records as they stand; images still being taken are waited for, so every slot is settled. */
export async function saveRedshift(state: RedshiftState, images: ImageWriter): Promise<SavedRedshift> {
  await state.settle();
  const slot = async (taking: ImageSlot): Promise<SavedSlot> => {
    const image = await taking.result;
    return image instanceof Error ? { error: image.message } : { image: images.ref(image) };
  };
  const snapshots: SavedSnapshot[] = [];
  for (const snapshot of state.snapshots.values()) snapshots.push({ ...snapshot, image: await slot(snapshot.image) });
  const restores: SavedTableRestore[] = [];
  for (const { completing: _completing, ...restore } of state.restores.values())
    restores.push({ ...restore, image: await slot(restore.image) });
  return {
    clusters: structuredClone([...state.clusters.values()]),
    snapshots: structuredClone(snapshots),
    restores: structuredClone(restores),
    copyGrants: structuredClone(state.copyGrants.all()),
  };
}

/** Puts saved records back; the clusters' databases are the host's business (restored before this). */
export async function restoreRedshift(state: RedshiftState, saved: SavedRedshift, images: ImageReader): Promise<void> {
  const slot = async (savedSlot: SavedSlot): Promise<ImageSlot> => {
    const restored = new ImageSlot(
      savedSlot.image ? images.image(savedSlot.image) : Promise.reject(new Error(savedSlot.error ?? 'the image was not saved')),
    );
    await restored.result;
    return restored;
  };
  for (const cluster of saved.clusters) state.clusters.set(cluster.identifier, cluster);
  for (const snapshot of saved.snapshots) state.snapshots.set(snapshot.identifier, { ...snapshot, image: await slot(snapshot.image) });
  for (const restore of saved.restores) state.restores.set(restore.id, { ...restore, image: await slot(restore.image) });
  for (const grant of saved.copyGrants ?? []) state.copyGrants.add(grant);
}
