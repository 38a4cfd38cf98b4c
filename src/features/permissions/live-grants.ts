import type { Store } from '../../store/store';
import { allGrants, isLive } from '../access/grants';
import type { LiveGrant } from './types';

/** The bot's own temporary grants on a target that are live now: they explain a temporary-only role's members. */
export async function liveGrantsOn(store: Store, target: string): Promise<LiveGrant[]> {
  return (await allGrants(store))
    .filter((item) => item.data.target === target && isLive(item.data.status))
    .map((item) => ({ user: item.data.dbUser, role: item.data.role, endsAt: item.data.endsAt, grantId: item.id }));
}
