/**
 * A demo station's people: one per role, with passwords written here and in the README, as
 * the demo's passphrase is (demo-station.ts): a demo station guards nothing real, and a
 * trainee must be able to sign in as each role to learn what each may do.
 */
import type { Station } from '../station/index.ts';
import { addUser, type NewUser } from '../users/index.ts';

export const DEMO_USERS: readonly (NewUser & { displayName: string })[] = [
  { name: 'operator', displayName: 'Wang Fang 王芳', role: 'operator', secret: 'demo-operator' },
  { name: 'supervisor', displayName: 'Li Na 李娜', role: 'supervisor', secret: 'demo-supervisor' },
  { name: 'technician', displayName: 'Zhang Wei 张伟', role: 'technician', secret: 'demo-technician' },
  { name: 'admin', displayName: 'Chen Jie 陈杰', role: 'admin', secret: 'demo-admin' },
];

export async function addDemoUsers(station: Station, actor: string): Promise<void> {
  for (const user of DEMO_USERS) await addUser(station, user, actor);
}
