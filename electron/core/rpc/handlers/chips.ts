/**
 * The Chips screen's methods: read, encode and wipe the card on a desk reader, and, on a
 * demo station, place demo cards on its virtual desk encoder.
 */
import { type Catalog, loadCatalog } from '../../catalog/index.ts';
import { badgeForChip, encodeChip, readChip, wipeChip } from '../../chips/index.ts';
import { StationError } from '../../errors.ts';
import { type DeviceWiring, stationPrinters } from '../../jobs/index.ts';
import { readStationTrust, type StationKeyring } from '../../keys/index.ts';
import type { Station } from '../../station/index.ts';
import type { Result } from '../contract/index.ts';
import type { Handlers } from '../server.ts';
import { approvalFor } from './approval.ts';
import { actorOf } from './session.ts';
import type { StationAccess } from './station-access.ts';

type ChipsMethods =
  | 'chips.read'
  | 'chips.encode'
  | 'chips.wipe'
  | 'chips.demoCards'
  | 'chips.placeDemoCard'
  | 'chips.takeDemoCard';

export function chipsHandlers(access: StationAccess): Pick<Handlers, ChipsMethods> {
  const wiring = (): DeviceWiring => {
    if (!access.devices)
      throw new StationError('CHIP_READER_GONE', 'This desk has no readers wired in: start it with npm start.');
    return access.devices;
  };
  /** A passphrase given with the call unlocks the station first (as station.unlock does); otherwise its unlocked key is used. */
  const keyring = (station: Station, passphrase: string | undefined): StationKeyring => {
    if (passphrase && access.locked()) access.unlock(passphrase);
    return access.keyring(station);
  };
  return {
    'chips.read': async ({ reader }) => {
      const station = access.station();
      const report = await wiring().withDeskCard(access.dataDir, reader, (card) =>
        readChip(station, readStationTrust(access.dataDir), card),
      );
      const catalog = loadCatalog();
      const claims = report.payload;
      return {
        uid: report.uid,
        reader: report.reader,
        model: report.model,
        capacity: report.capacity,
        protected: report.protected,
        empty: (report.verdict.code as string) === 'EMPTY',
        verdict: report.verdict,
        ...(report.badge ? { badge: badgeFacts(station, catalog, report.badge) } : {}),
        ...(report.chip ? { chip: report.chip } : {}),
        ...(claims
          ? {
              payload: {
                notBefore: claims.notBefore,
                expires: claims.expires,
                zones: catalog.zones.filter((zone) => (claims.zoneMask >>> zone.bit) & 1).map((zone) => zone.code),
              },
            }
          : {}),
      };
    },
    'chips.encode': async ({ reader, serial, passphrase }, call) => {
      const station = access.station();
      const wanted = serial.trim().toUpperCase();
      // Before the card is touched: a serial the station does not have is the technician's slip, not the card's.
      if (badgeForChip(station, wanted) === undefined)
        throw new StationError('BADGE_NOT_FOUND', `No badge has the serial ${wanted}: check the serial on the card's face.`);
      const devices = wiring();
      const context = devices.chipContext(station, keyring(station, passphrase), loadCatalog(), actorOf(call));
      const outcome = await devices.withDeskCard(access.dataDir, reader, (card) =>
        encodeChip(context, card, wanted, { replace: true }),
      );
      if (!outcome.ok)
        return { ok: false as const, serial: outcome.serial, uid: outcome.uid, code: outcome.code, message: outcome.message };
      return {
        ok: true as const,
        event: outcome.event,
        serial: outcome.serial,
        uid: outcome.uid,
        model: outcome.model,
        ms: outcome.ms,
        ...(outcome.revokedUid ? { revokedUid: outcome.revokedUid } : {}),
      };
    },
    'chips.wipe': async ({ reader, passphrase, approval }, call) => {
      const actor = actorOf(call);
      const station = access.station();
      // Checked before the card is touched. Needed only if the card looks live (wipeChip decides):
      // a supervisor or admin at the desk approves it themselves.
      const approvedBy = approval
        ? (await approvalFor(station, call.caller, 'chips.wipe', approval)).actor
        : call.caller?.role === 'supervisor' || call.caller?.role === 'admin'
          ? call.caller.actor
          : undefined;
      const devices = wiring();
      let unlocked: StationKeyring | undefined;
      const wiped = await devices.withDeskCard(access.dataDir, reader, (card) =>
        wipeChip(
          {
            station,
            trust: readStationTrust(access.dataDir),
            // Asked only for a protected chip: a blank or unprotected test card needs no passphrase.
            passwordFor: (uid) => {
              unlocked ??= keyring(station, passphrase);
              return devices.chipContext(station, unlocked, loadCatalog(), actor).passwordFor(uid);
            },
            actor,
            ...(approvedBy === undefined ? {} : { approvedBy }),
          },
          card,
        ),
      );
      return { uid: wiped.uid, was: wiped.was.verdict.code };
    },
    'chips.demoCards': () => {
      const station = access.station();
      const named = station.db.statement(
        `SELECT c.serial, h.name, c.status FROM chips c JOIN badge_versions v ON v.serial = c.serial
         JOIN holders h ON h.id = v.holder WHERE c.uid = ? ORDER BY c.status = 'current' DESC, c.id DESC LIMIT 1`,
      );
      return {
        cards: wiring()
          .demoCards(access.dataDir, stationPrinters(station))
          .map((card) => {
            const badge = named.get(card.uid) as { serial: string; name: string; status: string } | undefined;
            return badge ? { ...card, badge } : card;
          }),
      };
    },
    'chips.placeDemoCard': ({ reader, uid }) => {
      const station = access.station();
      return wiring().placeDemoCard(access.dataDir, reader, uid, stationPrinters(station));
    },
    'chips.takeDemoCard': ({ reader }) => {
      access.station();
      wiring().takeDemoCard(access.dataDir, reader);
      return { reader };
    },
  };
}

type ReadBadge = NonNullable<Result<'chips.read'>['badge']>;

/** The badge a chip names, in the desk's words: its holder, its type, and when it was revoked. */
function badgeFacts(station: Station, catalog: Catalog, badge: { serial: string; status: ReadBadge['status'] }): ReadBadge {
  const row = station.db
    .statement(
      `SELECT v.holder, h.name, v.type, v.revoked_at AS revokedAt, v.revoke_reason AS revokeReason
       FROM badge_versions v JOIN holders h ON h.id = v.holder WHERE v.serial = ?`,
    )
    .get(badge.serial) as
    | { holder: string; name: string; type: string; revokedAt: number | null; revokeReason: string | null }
    | undefined;
  if (!row) return badge;
  const type = catalog.type(row.type);
  return {
    ...badge,
    holder: { id: row.holder, name: row.name },
    ...(type ? { type: { code: type.code, nameEn: type.name_en, nameZh: type.name_zh } } : {}),
    ...(row.revokedAt !== null ? { revokedAt: row.revokedAt } : {}),
    ...(row.revokeReason !== null ? { revokeReason: row.revokeReason } : {}),
  };
}
