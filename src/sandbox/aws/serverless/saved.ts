import type { DatabaseImage } from '../databases';
import type { ImageReader, ImageWriter, SavedImage } from '../persist/images';
import type {
  NamespaceRecord,
  RecoveryPointRecord,
  SnapshotCopyConfigurationRecord,
  SnapshotRecord,
  TableRestoreRecord,
  UsageLimitRecord,
  WorkgroupRecord,
} from './records';
import type { ServerlessState } from './state';

type WithSavedImage<T extends { image: unknown }> = Omit<T, 'image'> & { image: SavedImage };

/** The Serverless half of a saved emulator: plain records, images by file. */
export interface SavedServerless {
  namespaces: NamespaceRecord[];
  workgroups: WorkgroupRecord[];
  snapshots: Array<WithSavedImage<SnapshotRecord>>;
  recoveryPoints: Array<WithSavedImage<RecoveryPointRecord>>;
  tableRestores: Array<WithSavedImage<TableRestoreRecord>>;
  usageLimits: UsageLimitRecord[];
  /** Absent from saves made before the emulator served snapshot copy configurations. */
  snapshotCopyConfigurations?: SnapshotCopyConfigurationRecord[];
}

export async function saveServerless(state: ServerlessState, images: ImageWriter): Promise<SavedServerless> {
  await state.settle();
  return {
    namespaces: structuredClone([...state.namespaces.values()]),
    workgroups: structuredClone([...state.workgroups.values()]),
    snapshots: withRef(state.snapshots.values(), images),
    recoveryPoints: withRef(state.recoveryPoints.values(), images),
    tableRestores: withRef(state.tableRestores.values(), images),
    usageLimits: structuredClone([...state.usageLimits.values()]),
    snapshotCopyConfigurations: structuredClone([...state.snapshotCopyConfigurations.values()]),
  };
}

/** Puts saved records back; the namespaces' databases are the host's business (restored before this). */
export async function restoreServerless(state: ServerlessState, saved: SavedServerless, images: ImageReader): Promise<void> {
  for (const ns of saved.namespaces) state.namespaces.set(ns.name, ns);
  for (const wg of saved.workgroups) state.workgroups.set(wg.name, wg);
  for (const limit of saved.usageLimits) state.usageLimits.set(limit.id, limit);
  for (const copy of saved.snapshotCopyConfigurations ?? []) state.snapshotCopyConfigurations.set(copy.id, copy);
  for (const snap of saved.snapshots) state.snapshots.set(snap.name, { ...snap, image: await images.image(snap.image) });
  for (const point of saved.recoveryPoints) state.recoveryPoints.set(point.id, { ...point, image: await images.image(point.image) });
  for (const restore of saved.tableRestores) state.tableRestores.set(restore.id, { ...restore, image: await images.image(restore.image) });
}

function withRef<T extends { image: DatabaseImage }>(records: Iterable<T>, images: ImageWriter): Array<WithSavedImage<T>> {
  return [...records].map(({ image, ...rest }) => ({ ...structuredClone(rest), image: images.ref(image) }));
}
