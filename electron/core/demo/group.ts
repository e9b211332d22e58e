import type { WorkingGroupRole } from '../../../shared/domain/measures';
import { fullName, mobile } from './names';
import { Rng } from './random';

/**
 * 社区戒毒(康复)工作小组 (RR art. 17): the station's full-time staff and the community police are
 * the same few people across many files; medics and volunteers come from small pools too; the
 * family member is one of the person's contacts where there is one.
 */
export interface Member {
  role: WorkingGroupRole;
  name: string;
  phone: string;
}

interface Pool {
  staff: Member[];
  police: Member[];
  medics: Member[];
  volunteers: Member[];
}

function people(rng: Rng, role: WorkingGroupRole, count: number, maleShare: number): Member[] {
  return Array.from({ length: count }, () => ({
    role,
    name: fullName(rng, rng.chance(maleShare) ? 'male' : 'female', rng.int(1965, 1998)),
    phone: mobile(rng),
  }));
}

/** The station's people, fixed by the seed. */
export function groupPool(seed: string): Pool {
  const rng = Rng.for(seed, 'working-group-pool');
  return {
    staff: people(rng, 'full_time_staff', 12, 0.4),
    police: people(rng, 'community_police', 8, 0.85),
    medics: people(rng, 'community_medic', 6, 0.3),
    volunteers: people(rng, 'volunteer', 30, 0.45),
  };
}

/** 3–5 members: staff and police always, then medic, family member and volunteer as they come. */
export function workingGroup(rng: Rng, pool: Pool, family: { name: string; phone: string } | null): Member[] {
  const members: Member[] = [rng.pick(pool.staff), rng.pick(pool.police)];
  if (rng.chance(0.7)) members.push(rng.pick(pool.medics));
  if (family && rng.chance(0.65)) members.push({ role: 'family_member', name: family.name, phone: family.phone });
  if (rng.chance(0.45)) members.push(rng.pick(pool.volunteers));
  if (members.length < 3) members.push(rng.pick(rng.chance(0.5) ? pool.volunteers : pool.medics));
  return members.map((m) => ({ ...m }));
}
